package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * bpmn-js, the viewer of Camunda Modeler and Cockpit, draws both processes from their own files: no
 * import warning, every shape and edge of the diagram drawn. The pictures land in
 * {@code target/process-pictures/}; {@code docs/images/} holds copies (see docs/architecture.md).
 */
class ProcessPicturesUiTest {

    private static final Path OUT = Path.of("target", "process-pictures");
    /** The WebJar's folder; the version is the pom's {@code bpmn-js.version}. */
    private static final String BPMN_JS = "META-INF/resources/webjars/bpmn-js/8.0.0/";
    private static final Pattern DIAGRAM_ELEMENT = Pattern.compile("<bpmndi:BPMN(Shape|Edge) ");

    static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(OUT);
        copyFromBpmnJs("dist/bpmn-viewer.production.min.js");
        copyFromBpmnJs("dist/assets/diagram-js.css");
        copyFromBpmnJs("dist/assets/bpmn-font/css/bpmn-embedded.css");
        browser = HeadlessChromium.start(2100, 1850);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"remediation", "sweep-schedule"})
    void bpmnJsDrawsEveryShapeAndEdgeOfTheProcess(String process) throws IOException {
        String xml = Files.readString(Path.of("processes", process + ".bpmn"), StandardCharsets.UTF_8);
        long diagramElements = DIAGRAM_ELEMENT.matcher(xml).results().count();
        Path page = viewerPage(process, xml);

        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                b -> ((JavascriptExecutor) b).executeScript("return window.drawn !== undefined"));
        @SuppressWarnings("unchecked")
        Map<String, Object> drawn = (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeScript("return window.drawn");
        BufferedImage window = ImageIO.read(new ByteArrayInputStream(
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES)));
        ImageIO.write(window.getSubimage(0, 0, Math.min(window.getWidth(), size(drawn, "width")),
                Math.min(window.getHeight(), size(drawn, "height"))), "png", OUT.resolve(process + ".png").toFile());

        assertThat(drawn.get("error")).as("import error").isNull();
        assertThat((List<?>) drawn.get("warnings")).as("bpmn-js import warnings").isEmpty();
        assertThat(((Number) drawn.get("elements")).longValue()).as("shapes and edges drawn")
                .isEqualTo(diagramElements).isPositive();
        assertThat(((Number) drawn.get("outside")).longValue()).as("shapes outside the picture").isZero();
    }

    private static int size(Map<String, Object> drawn, String which) {
        return drawn.get(which) == null ? Integer.MAX_VALUE : ((Number) drawn.get(which)).intValue();
    }

    /** A page that draws the process at its own size; the XML travels as a JSON string. */
    private static Path viewerPage(String process, String xml) throws IOException {
        String html = """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>%s</title>
                <link rel="stylesheet" href="diagram-js.css"><link rel="stylesheet" href="bpmn-embedded.css">
                <style>html, body, #canvas { margin: 0; width: 100%%; height: 100%%; background: #fff; }</style>
                </head><body><div id="canvas"></div>
                <script src="bpmn-viewer.production.min.js"></script>
                <script>
                  const viewer = new BpmnJS({ container: '#canvas' });
                  viewer.importXML(%s).then(result => {
                    // At its own size (smaller only if the window is too small), 20 px from the top left.
                    const canvas = viewer.get('canvas');
                    const box = document.querySelector('#canvas').getBoundingClientRect();
                    const inner = canvas.viewbox().inner;
                    const scale = Math.min(1, (box.width - 40) / inner.width, (box.height - 40) / inner.height);
                    canvas.viewbox({ x: inner.x - 20 / scale, y: inner.y - 20 / scale,
                                     width: box.width / scale, height: box.height / scale });
                    const picture = { width: Math.ceil(inner.width * scale + 40),
                                      height: Math.ceil(inner.height * scale + 40) };
                    const elements = viewer.get('elementRegistry')
                        .filter(e => e.type !== 'label' && e.parent);
                    const outside = [...document.querySelectorAll('.djs-element')].filter(g => {
                      const r = g.getBoundingClientRect();
                      return r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1
                          || r.bottom > box.bottom + 1;
                    }).length;
                    window.drawn = { warnings: result.warnings.map(w => w.message), elements: elements.length,
                                     outside: outside, width: picture.width, height: picture.height };
                  }).catch(e => {
                    window.drawn = { error: String(e), warnings: (e.warnings || []).map(w => w.message),
                                     elements: 0, outside: 0 };
                  });
                </script></body></html>
                """.formatted(process, new ObjectMapper().writeValueAsString(xml));
        Path page = OUT.resolve(process + ".html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        return page;
    }

    private static void copyFromBpmnJs(String file) {
        String resource = BPMN_JS + file;
        try (InputStream in = ProcessPicturesUiTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the test class path (org.webjars.npm:bpmn-js)").isNotNull();
            Files.copy(in, OUT.resolve(Path.of(file).getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
