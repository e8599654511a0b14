package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person in headless Chromium on Fixline's pages: signing in, clicking, reading, taking pictures. */
final class UiBrowser implements AutoCloseable {

    /** Where the user guide's pictures live; the UI tests refresh them on every run. */
    static final Path DOCS_IMAGES = Path.of("docs", "img");

    final WebDriver driver;
    private final int port;

    UiBrowser(int port, int width, int height) {
        this.port = port;
        this.driver = HeadlessChromium.start(width, height);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    void open(String path) {
        driver.get(url(path));
    }

    /** Signs in afresh: the session of whoever was signed in before is dropped. */
    void signInAs(String user, String path) {
        driver.manage().deleteAllCookies();
        open(path);
        assertThat(path()).as("sent to sign in first").isEqualTo("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys("demo");
        clickAndWait(find("form.login-form button"));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Clicks a link or submit button and waits until the browser has left the page. */
    void clickAndWait(WebElement element) {
        clickAndWait(driver, element);
    }

    static void clickAndWait(WebDriver driver, WebElement element) {
        WebElement page = driver.findElement(By.tagName("html"));
        element.click();
        // Generous: on a loaded two-core CI machine the first sign-in of a run can take seconds.
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(page));
    }

    /** Waits until a script on the page says it is done. */
    void waitFor(String css, String attribute) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> find(css).getDomAttribute(attribute) != null);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** A same-origin GET with the browser's session, as a download link would fetch it: status and body. */
    List<Object> fetch(String path) {
        @SuppressWarnings("unchecked")
        List<Object> answer = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'})
                  .then(r => r.text().then(t => done([r.status, r.headers.get('content-type') || '',
                      r.headers.get('content-disposition') || '', t])))
                  .catch(e => done([0, '', '', String(e)]));""", path);
        return answer;
    }

    /** Severe messages of the page's console since the last call: script errors, CSP refusals. */
    List<String> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    /** The whole page as drawn, into {@code docs/img/} (the user guide shows it) and {@code target/screenshots/}. */
    void screenshot(String name) throws IOException {
        screenshot(driver, name, 4000, true);
    }

    /**
     * The page as drawn, at most {@code maxHeight} pixels of it from the top, into {@code target/screenshots/},
     * and into {@code docs/img/} when {@code published}.
     */
    static void screenshot(WebDriver driver, String name, int maxHeight, boolean published) throws IOException {
        Dimension window = driver.manage().window().getSize();
        // The window's height holds the browser's own bars too: add them, or the page's foot is cut off.
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement"
                + ".scrollHeight + window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(Math.max(height,
                window.getHeight()), maxHeight)));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        driver.manage().window().setSize(window);
        for (Path dir : published ? List.of(DOCS_IMAGES, Path.of("target", "screenshots"))
                : List.of(Path.of("target", "screenshots"))) {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
        }
    }

    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
