package dev.fixline.web;

import dev.fixline.finding.Cloud;
import dev.fixline.ownership.Assignment;
import dev.fixline.ownership.OwnershipQuery;
import dev.fixline.ownership.OwnershipRules;
import dev.fixline.ownership.RulesStatus;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ownership rules in force, and who a location would be assigned to, and why. */
@RestController
@RequestMapping("/api/ownership")
class OwnershipController {

    private final OwnershipRules ownership;

    OwnershipController(OwnershipRules ownership) {
        this.ownership = ownership;
    }

    @GetMapping("/rules")
    RulesStatus rules() {
        return ownership.status();
    }

    /** Registry tags come from the rules file here; the API takes none, as it answers for the file. */
    @GetMapping("/resolve")
    Assignment resolve(@RequestParam(required = false) String registry,
                       @RequestParam(required = false) String repository,
                       @RequestParam(required = false) String subscription,
                       @RequestParam(required = false) String resourceGroup,
                       @RequestParam(required = false) String cloud,
                       @RequestParam(required = false) String account) {
        return ownership.resolve(new OwnershipQuery(subscription, resourceGroup, required("registry", registry),
                required("repository", repository), Map.of(), cloud(cloud), account));
    }

    private static String cloud(String cloud) {
        if (cloud == null || cloud.isBlank()) {
            return null;
        }
        return Cloud.parse(cloud).map(Cloud::id).orElseThrow(() -> new BadRequestException("cloud",
                "is not one of " + Cloud.names()));
    }

    private static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(parameter, "is required");
        }
        return value.trim();
    }
}
