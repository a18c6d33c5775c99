package dev.shepherd.api;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the web pages' tests, driven by Selenium through Debian's
 * {@code chromium} and {@code chromium-driver} packages (nothing is downloaded: the driver and
 * browser paths are given, so Selenium Manager never runs). The window is 1280×800. Collects the
 * browser console as it goes ({@link #console()}, {@link #severe()}) and saves screenshots under
 * {@code target/screenshots/}. Closing quits the browser. Not thread-safe: one test thread.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Held so the level sticks: no CDP module is on the class path on purpose, so do not warn about it. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final List<LogEntry> console = new ArrayList<>();

    /** Starts the browser; fails with what to install when Chromium or its driver is missing. */
    Browser() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: the browser tests need Debian's chromium and"
                        + " chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-US", "--no-first-run", "--no-default-browser-check");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
    }

    /** Opens {@code uri} and waits for the document to finish loading. */
    Browser open(URI uri) {
        driver.get(uri.toString());
        until(d -> "complete".equals(driver.executeScript("return document.readyState")));
        return this;
    }

    /** The one element {@code css} selects (fails at once when there is none). */
    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits up to {@link #WAIT} for {@code condition} to be non-null and not false; returns its value. */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition::apply);
    }

    /** Waits until the element {@code css} selects is displayed and returns it. */
    WebElement visible(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    /** Waits until the text of the element {@code css} selects contains {@code text}; returns the text. */
    String textContains(String css, String text) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            String t = found.isEmpty() ? null : found.get(0).getText();
            return t != null && t.contains(text) ? t : null;
        });
    }

    /** Every console entry since the browser started (reading drains the driver's buffer into this list). */
    List<LogEntry> console() {
        driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
        return List.copyOf(console);
    }

    /** The console's SEVERE entries so far (uncaught errors, failed loads), as "level message" lines. */
    List<String> severe() {
        return console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** Saves the viewport as {@code target/screenshots/<name>.png}; returns the file. */
    Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
