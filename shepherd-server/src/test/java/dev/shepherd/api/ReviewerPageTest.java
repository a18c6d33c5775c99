package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.feedback.FeedbackSink;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.JavaModel;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import dev.shepherd.serving.DeploymentStatus;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The reviewer page at {@code /review} in a real headless Chromium ({@link Browser}) against a
 * real server with the automation layer: the page's files and headers, a reviewer claiming an
 * assisted case and deciding it by keyboard, and the server's errors shown to the reviewer.
 * Screenshots land in {@code target/screenshots/}.
 */
class ReviewerPageTest {
    private static final String REVIEWER_TOKEN = "alice-token-0123456789";

    @TempDir
    Path dir;
    private TestServer s;
    private AutomationLayer layer;
    private Browser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (s != null) {
            s.close();
        }
        if (layer != null) {
            layer.close();
        }
    }

    /** A server with feedback and automation (as {@link AutomationApiTest#start}), and {@code access}. */
    private TestServer start(AccessPolicy access) {
        s = new TestServer(dir, (t, b) -> {
            FeedbackService feedback = new FeedbackService(t.store, Clock.systemUTC(), FeedbackSink.none(),
                    d -> t.gateway.status(d).map(DeploymentStatus::serving).map(ModelVersion::version),
                    t.gateway.recentPredictions(), Duration.ZERO);
            layer = AutomationLayer.create(t.gateway, feedback, Clock.systemUTC());
            return b.feedback(feedback).automation(layer).access(access);
        });
        return s;
    }

    private TestServer start() {
        return start(AccessPolicy.open());
    }

    @Test
    void rendersThePageWithoutConsoleErrors() {
        start();
        browser = new Browser().open(s.uri("/review"));
        assertThat(browser.driver.getTitle()).contains("Review queue");
        for (String id : List.of("reviewer", "token", "deployment-filter", "claim", "queue")) {
            assertThat(browser.find("#" + id).isDisplayed()).as(id).isTrue();
        }
        assertThat(browser.find("#item").isDisplayed()).isFalse();
        assertThat(browser.find("#status").getAttribute("role")).isEqualTo("status");
        assertThat(browser.find("#status").getAttribute("aria-live")).isEqualTo("polite");
        assertThat(browser.find("#error").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.find("label[for=reviewer]").getText()).isEqualTo("Reviewer");
        assertThat(browser.find("label[for=token]").getText()).startsWith("Access token");
        assertThat(browser.find("#token").getAttribute("type")).isEqualTo("password");
        assertThat(browser.find("#claim").getText()).contains("Claim next").contains("N");
        // the page's own script ran (no CSP violation): it wrote the empty-state text
        assertThat(browser.find("#empty").getText()).contains("Enter your name");
        browser.screenshot("review-empty");
        assertThat(browser.severe()).isEmpty();
    }

    @Test
    void servesThePageFilesWithTypesAndSecurityHeaders() {
        start();
        assertFile("/review", "text/html; charset=utf-8", "<script src=\"/review/review.js\"");
        assertFile("/review/index.html", "text/html; charset=utf-8", "<!doctype html>");
        assertFile("/review/review.js", "text/javascript; charset=utf-8", "'use strict'");
        assertFile("/review/review.css", "text/css; charset=utf-8", "@media");
        assertThat(s.get("/review/index.html").body()).doesNotContain("onclick=").doesNotContain("<script>")
                .doesNotContain("style=");
    }

    @Test
    void answersARepeatedRequestWithNotModified() {
        start();
        TestServer.Reply first = s.get("/review/review.js");
        TestServer.Reply again = s.send(HttpRequest.newBuilder(s.uri("/review/review.js"))
                .header("If-None-Match", first.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void answersUnknownFilesWithTheJsonNotFound() {
        start();
        s.get("/review/nope.js").assertError(404, "not_found", "file");
        s.get("/review/server.properties").assertError(404, "not_found", "file");
        s.get("/review/..%2Fserver.properties").assertError(404, "not_found", "file");
        assertThat(s.get("/review/a/b.js").status()).isEqualTo(404);
    }

    @Test
    void reviewerClaimsAnAssistedCaseAndDecidesItByKeyboard() {
        start();
        setLevel("assist");
        String ticket = predict();

        browser = new Browser().open(s.uri("/review"));
        browser.find("#reviewer").sendKeys("bob", Keys.ENTER);
        browser.until(d -> browser.find("#queue").getText().contains("assist") ? true : null);
        assertThat(queueRow("credit")).containsSubsequence("credit", "assist", "1", "0");
        assertThat(browser.find("#deployment-filter").getText()).contains("All deployments", "credit");

        browser.find("#claim").click();
        browser.visible("#item");
        assertThat(browser.find("#item-ticket").getText()).isEqualTo(ticket);
        Map<String, String> inputs = inputs();
        assertThat(inputs.keySet()).containsExactly("income", "age", "debt_ratio", "employment", "has_collateral");
        assertThat(inputs).containsEntry("income", "52000").containsEntry("age", "41").containsEntry("debt_ratio", "0.31")
                .containsEntry("employment", "salaried").containsEntry("has_collateral", "true");

        double confidence = item(ticket, "bob").get("confidence").asDouble();
        String suggestion = browser.visible("#suggestion").getText();
        Matcher m = Pattern.compile("Model suggests repaid with ([0-9.]+)% confidence").matcher(suggestion);
        assertThat(m.find()).as(suggestion).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(confidence * 100, within(0.051));
        List<WebElement> labels = browser.driver.findElements(By.cssSelector("#labels button[data-label]"));
        assertThat(labels).extracting(b -> b.getAttribute("data-label")).containsExactly("repaid", "default");
        assertThat(labels.get(0).getAttribute("class")).contains("suggested");
        assertThat(labels.get(1).getAttribute("class")).doesNotContain("suggested");
        assertThat(labels.get(0).getText()).startsWith("1");
        assertThat(browser.find("#lease").getText()).matches("Lease [45]:\\d\\d left");
        browser.screenshot("review-claimed");

        // shortcuts do not fire while typing a note; Escape leaves the note
        browser.find("#note").sendKeys("stable income 1 s n");
        assertThat(ticketState(ticket).get("state").asText()).isEqualTo("pending");
        assertThat(browser.find("#item").isDisplayed()).isTrue();
        browser.find("#note").sendKeys(Keys.ESCAPE);
        new Actions(browser.driver).sendKeys("1").perform();

        browser.textContains("#status", "Decided: repaid.");
        browser.textContains("#status", "Nothing to review.");
        JsonNode decided = ticketState(ticket);
        assertThat(decided.get("state").asText()).isEqualTo("decided");
        assertThat(decided.get("label").asText()).isEqualTo("repaid");
        assertThat(decided.get("note").asText()).isEqualTo("stable income 1 s n");
        assertThat(browser.find("#item").isDisplayed()).isFalse();

        browser.find("#claim").click();
        browser.until(d -> browser.find("#status").getText().equals("Nothing to review.") ? true : null);
        assertThat(browser.find("#empty").getText()).isEqualTo("Nothing to review.");
        assertThat(browser.find("#error").getText()).isEmpty();
        browser.screenshot("review-nothing-left");
        assertThat(browser.severe()).isEmpty();
    }

    @Test
    void showsTheServersMessageWhenTheItemIsNoLongerTheReviewers() {
        start();
        setLevel("assist");
        String ticket = predict();
        browser = new Browser().open(s.uri("/review"));
        browser.find("#reviewer").sendKeys("carol", Keys.ENTER);
        new Actions(browser.driver).sendKeys("n").perform();
        browser.visible("#item");

        // another name now: the server refuses a decision on carol's claim
        browser.find("#reviewer").clear();
        browser.find("#reviewer").sendKeys("dave");
        browser.find("#labels button[data-label=default]").click();
        String expected = s.send(HttpRequest.newBuilder(s.uri("/api/v1/review/items/" + ticket + "/decide"))
                        .header("Content-Type", "application/json").header("X-Shepherd-Actor", "dave")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"label\": \"default\"}")))
                .assertError(409, "conflict", "id").get("message").asText();
        assertThat(browser.textContains("#error", expected)).isEqualTo(expected);
        assertThat(browser.find("#item").isDisplayed()).isFalse();
        assertThat(ticketState(ticket).get("state").asText()).isEqualTo("pending");
        browser.screenshot("review-conflict");
        assertThat(browser.severe()).isNotEmpty().allSatisfy(e -> assertThat(e).contains("409"));
    }

    @Test
    void asksForATokenWhenTheServerWantsOne() {
        start(AccessPolicy.builder().token("alice", AccessRole.REVIEWER, REVIEWER_TOKEN).build());
        browser = new Browser().open(s.uri("/review"));
        browser.find("#reviewer").sendKeys("alice", Keys.ENTER);
        assertThat(browser.textContains("#error", "access token")).contains("Authorization");
        assertThat(browser.find("#token").getAttribute("class")).contains("wanted");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("token");
        browser.screenshot("review-token-wanted");

        browser.find("#token").sendKeys(REVIEWER_TOKEN, Keys.ENTER);
        browser.textContains("#queue-updated", "Updated");
        assertThat(browser.find("#error").getText()).isEmpty();
        assertThat(browser.severe()).isNotEmpty().allSatisfy(e -> assertThat(e).contains("401"));
    }

    @Test
    void drawsAnImageInputAndHidesTheSuggestionOfABlindCase() {
        start();
        s.gateway.apply(s.parser.parse(PETS_YAML, s.store.dataDir(), "test"));
        setLevel("pets", "human");
        StringBuilder rows = new StringBuilder();
        for (int y = 0; y < 4; y++) {
            rows.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < 6; x++) {
                rows.append(x == 0 ? "" : ",").append("[").append(x / 5.0).append(",").append(y / 3.0).append(",0]");
            }
            rows.append("]");
        }
        TestServer.Reply p = s.postJson("/api/v1/deployments/pets/predict", "{\"scan\": [" + rows + "]}");
        assertThat(p.status()).as(p.body()).isEqualTo(202);
        String ticket = p.json().get("ticket").asText();

        browser = new Browser().open(s.uri("/review"));
        browser.find("#reviewer").sendKeys("erin", Keys.ENTER);
        new Actions(browser.driver).sendKeys("n").perform();
        browser.visible("#item");
        WebElement canvas = browser.find("#inputs canvas");
        assertThat(canvas.getAttribute("width")).isEqualTo("6");
        assertThat(canvas.getAttribute("height")).isEqualTo("4");
        assertThat(canvas.getAttribute("aria-label")).isEqualTo("scan: image 6 by 4 pixels");
        assertThat(pixel(0, 0)).containsExactly(0L, 0L, 0L, 255L);
        assertThat(pixel(5, 0)).containsExactly(255L, 0L, 0L, 255L);
        assertThat(pixel(5, 3)).containsExactly(255L, 255L, 0L, 255L);
        assertThat(inputs()).containsEntry("source", "missing");
        assertThat(browser.find("#inputs dd.missing").getText()).isEqualTo("missing");
        assertThat(browser.find("#suggestion").isDisplayed()).isFalse();
        assertThat(browser.driver.findElements(By.cssSelector("#labels button.suggested"))).isEmpty();
        browser.screenshot("review-image");

        browser.find("#labels button[data-label=bird]").click();
        browser.textContains("#status", "Decided: bird.");
        assertThat(ticketState(ticket).get("label").asText()).isEqualTo("bird");
        assertThat(browser.severe()).isEmpty();
    }

    /** A deployment whose requests carry a small RGB image; labels cat, dog, bird. */
    private static final String PETS_YAML = """
            apiVersion: shepherd/v1
            kind: Model
            metadata: {name: pets, version: v1}
            spec:
              runtime: java
              uri: "classpath:"
              options: {className: %s}
              schema:
                inputs:
                  - {name: scan, type: tensor, shape: [4, 6, 3], media: image}
                  - {name: source, type: category, values: [scanner, phone], required: false}
                output: {type: class, labels: [cat, dog, bird]}
            ---
            apiVersion: shepherd/v1
            kind: Deployment
            metadata: {name: pets}
            spec: {model: pets, serving: v1}
            """.formatted(Pets.class.getName());

    /** Says cat for every image (people decide at the human level; it is never asked there). */
    public static final class Pets implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            return batch.rows().stream().<Prediction>map(r -> new Prediction.ClassPrediction("cat",
                    new double[] {0.6, 0.3, 0.1})).toList();
        }
    }

    /** The RGBA of the first canvas's pixel (x, y). */
    @SuppressWarnings("unchecked")
    private List<Long> pixel(int x, int y) {
        return (List<Long>) browser.driver.executeScript("var d = document.querySelector('#inputs canvas')"
                + ".getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data;"
                + " return [d[0], d[1], d[2], d[3]];", x, y);
    }

    private void setLevel(String level) {
        setLevel("credit", level);
    }

    private void setLevel(String deployment, String level) {
        TestServer.Reply r = s.send(HttpRequest.newBuilder(s.uri("/api/v1/deployments/" + deployment + "/automation"))
                .header("Content-Type", "application/json").header("X-Shepherd-Actor", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("{\"level\": \"" + level + "\"}")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** One credit request that the assist level sends to review; returns its ticket. */
    private String predict() {
        TestServer.Reply p = s.postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD);
        assertThat(p.status()).as(p.body()).isEqualTo(202);
        return p.json().get("ticket").asText();
    }

    private JsonNode ticketState(String ticket) {
        TestServer.Reply r = s.get("/api/v1/tickets/" + ticket);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode item(String id, String actor) {
        TestServer.Reply r = s.send(HttpRequest.newBuilder(s.uri("/api/v1/review/items/" + id))
                .header("X-Shepherd-Actor", actor));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The shown inputs, feature name to shown value, in page order. */
    private Map<String, String> inputs() {
        Map<String, String> out = new LinkedHashMap<>();
        for (WebElement row : browser.driver.findElements(By.cssSelector("#inputs > div"))) {
            String name = row.findElement(By.tagName("dt")).getText().lines().findFirst().orElse("");
            out.put(name, row.findElement(By.tagName("dd")).getText());
        }
        return out;
    }

    /** The cells of the queue's row for {@code deployment}. */
    private List<String> queueRow(String deployment) {
        return browser.driver.findElements(By.cssSelector("#queue-deployments tbody tr")).stream()
                .map(r -> r.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList())
                .filter(cells -> !cells.isEmpty() && cells.get(0).equals(deployment))
                .findFirst().orElseThrow(() -> new AssertionError("no queue row for " + deployment));
    }

    private void assertFile(String path, String contentType, String contains) {
        TestServer.Reply r = s.get(path);
        assertThat(r.status()).as(path).isEqualTo(200);
        // Jetty writes "text/html;charset=utf-8"
        assertThat(r.header("Content-Type").replace(" ", "")).as(path)
                .isEqualToIgnoringCase(contentType.replace(" ", ""));
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'self'; img-src 'self' data: blob:");
        assertThat(r.header("ETag")).isNotBlank();
        assertThat(r.body()).contains(contains);
    }
}
