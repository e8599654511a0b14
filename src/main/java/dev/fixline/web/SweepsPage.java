package dev.fixline.web;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.FindingStoreBusyException;
import dev.fixline.finding.Page;
import dev.fixline.finding.StaleSweepException;
import dev.fixline.finding.Sweep;
import dev.fixline.ingest.ExportPart;
import dev.fixline.ingest.ResourceGraphSweeps;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.ingest.SweepRejectedException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sweeps page: the recent sweeps with their counts, state and rejections; an export uploaded from the
 * browser (managers and administrators), as {@code POST /api/sweeps} imports it; a Resource Graph sweep
 * started by hand (administrators).
 */
@Controller
@UiPage
class SweepsPage {

    static final int PAGE_SIZE = 25;

    private final FindingStore store;
    private final SweepImporter importer;
    private final ResourceGraphSweeps arg;

    SweepsPage(FindingStore store, SweepImporter importer, ResourceGraphSweeps arg) {
        this.store = store;
        this.importer = importer;
        this.arg = arg;
    }

    @GetMapping("/sweeps")
    String list(@RequestParam(defaultValue = "0") String page, Authentication who, Model model,
                HttpServletResponse response) {
        model.addAttribute("mayUpload", Roles.isManager(who));
        model.addAttribute("mayStartArg", Roles.isAdmin(who));
        model.addAttribute("argEnabled", arg.enabled());
        try {
            Page<Sweep> sweeps = store.sweeps(Params.pageNumber(page), PAGE_SIZE);
            model.addAttribute("sweeps", sweeps);
        } catch (BadRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
        }
        return "sweeps";
    }

    @GetMapping("/sweeps/{id}")
    String one(@PathVariable String id, Model model) {
        model.addAttribute("sweep", store.sweep(id).orElseThrow(() -> new NotFoundException("Sweep", id)));
        return "sweep";
    }

    /** The files of one export (the pages of a paged result, or one file per subscription), as one sweep. */
    @PostMapping("/sweeps/upload")
    String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files, Authentication who,
                  RedirectAttributes redirect) throws IOException {
        List<MultipartFile> chosen = files == null ? List.of() : files.stream().filter(f -> !f.isEmpty()).toList();
        if (chosen.isEmpty()) {
            redirect.addFlashAttribute("problem", "Nothing was imported: choose one or more export files (JSON or "
                    + "CSV from Resource Graph Explorer) first.");
            return "redirect:/sweeps";
        }
        List<ExportPart> parts = new ArrayList<>();
        try {
            for (MultipartFile file : chosen) {
                parts.add(new ExportPart(file.getOriginalFilename(), file.getContentType(), file.getInputStream()));
            }
            String name = String.join(" + ", chosen.stream().map(f -> f.getOriginalFilename() == null ? "upload"
                    : f.getOriginalFilename()).toList());
            Sweep sweep = importer.importParts(SweepController.checkedName(name.length() <= 500 ? name
                    : name.substring(0, 497) + "..."), parts);
            redirect.addFlashAttribute("notice", "Imported " + sweep.sourceName() + ": " + sweep.counts().rows()
                    + " rows, " + sweep.counts().newFindings() + " new findings, " + sweep.counts().fixed()
                    + " fixed. New cases open in a moment.");
            return "redirect:/sweeps/" + sweep.id();
        } catch (SweepRejectedException | BadRequestException e) {
            redirect.addFlashAttribute("problem", "Nothing was imported: " + e.getMessage());
        } catch (StaleSweepException e) {
            redirect.addFlashAttribute("problem", "Nothing was imported: " + e.getMessage()
                    + ". A newer export of the same registries was applied already.");
        } catch (FindingStoreBusyException e) {
            redirect.addFlashAttribute("problem", "Nothing was imported: another sweep is being applied; try again "
                    + "in a minute.");
        } finally {
            for (ExportPart part : parts) {
                close(part.content());
            }
        }
        return "redirect:/sweeps";
    }

    @PostMapping("/sweeps/arg")
    String startResourceGraph(Authentication who, RedirectAttributes redirect) {
        if (!arg.enabled()) {
            redirect.addFlashAttribute("problem", "The Resource Graph source is not enabled (fixline.arg.enabled).");
        } else if (!arg.startInBackground("ui")) {
            redirect.addFlashAttribute("problem", "A Resource Graph sweep is already running.");
        } else {
            redirect.addFlashAttribute("notice", "Resource Graph sweep started; it appears here when it ends.");
        }
        return "redirect:/sweeps";
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // an upload's temporary file: the container deletes it at the end of the request anyway
        }
    }
}
