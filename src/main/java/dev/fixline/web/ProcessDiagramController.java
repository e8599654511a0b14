package dev.fixline.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The remediation process's BPMN file, which the case page draws: the model, nothing of any case. */
@Controller
class ProcessDiagramController {

    private static final Resource REMEDIATION = new ClassPathResource("processes/remediation.bpmn");

    @GetMapping("/processes/remediation.bpmn")
    ResponseEntity<Resource> remediation() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(REMEDIATION);
    }
}
