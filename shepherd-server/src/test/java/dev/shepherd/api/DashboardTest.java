package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The monitoring dashboard at {@code /} in a real headless Chromium ({@link Browser}, 1280×800)
 * against a real server with traffic ({@link DashboardServer}): its files and headers, the
 * overview and a deployment's charts drawn from live metrics, a canary rolled back from the page
 * by keyboard through the confirmation dialog, and the API's errors shown when a token is needed.
 * Screenshots land in {@code target/screenshots/dashboard-*.png}.
 */
class DashboardTest {
    private static final String OPS_TOKEN = "ops-token-0123456789abcdef";
    private static final String CANARY = """
            {"candidate": "v2", "steps": [{"weight": 50, "bake": "30m"}, {"weight": 100, "bake": "30m"}],
             "analysis": {"window": "1m", "minRequests": 5}}""";

    @TempDir
    Path dir;
    private DashboardServer s;
    private TestServer plain;
    private Browser browser;
    private long seed = 1;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (s != null) {
            s.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @Test
    void servesThePageAndUPlotFromTheClassPathWithTypesAndSecurityHeaders() {
        plain = new TestServer(dir);
        TestServer.Reply index = assertFile("/", "text/html; charset=utf-8", "<script src=\"/ui/dashboard.js\"");
        assertThat(assertFile("/ui", "text/html; charset=utf-8", "<!doctype html>").body()).isEqualTo(index.body());
        assertFile("/ui/dashboard.js", "text/javascript; charset=utf-8", "'use strict'");
        assertFile("/ui/dashboard.css", "text/css; charset=utf-8", "@media");
        assertFile("/ui/vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8", "uPlot");
        assertFile("/ui/vendor/uPlot.min.css", "text/css; charset=utf-8", ".uplot");
        // no inline script, handler or style: the strict CSP would refuse them
        assertThat(index.body()).doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=")
                .doesNotContain("<style");
        // every script and style sheet the page names is there, and none comes from another origin
        Matcher m = Pattern.compile("(?:src|href)=\"(/ui/[^\"]+)\"").matcher(index.body());
        List<String> files = new ArrayList<>();
        while (m.find()) {
            files.add(m.group(1));
            assertThat(plain.get(m.group(1)).status()).as(m.group(1)).isEqualTo(200);
        }
        assertThat(files).contains("/ui/vendor/uPlot.iife.min.js", "/ui/api.js", "/ui/charts.js", "/ui/overview.js",
                "/ui/rollout.js", "/ui/panels.js", "/ui/deployment.js", "/ui/dashboard.js", "/ui/dashboard.css");
        assertThat(index.body()).doesNotContain("http://").doesNotContain("https://");

        plain.get("/ui/nope.js").assertError(404, "not_found", "file");
        plain.get("/ui/vendor/nope.js").assertError(404, "not_found", "file");
        plain.get("/ui/vendor/..%2F..%2FLICENSE").assertError(404, "not_found", "file");
        assertThat(plain.get("/ui/vendor/uPlot.d.ts").status()).isEqualTo(404);
    }

    @Test
    void drawsTheOverviewAndTheChartsOfADeploymentFromLiveTraffic() {
        s = new DashboardServer(dir);
        setLevel("credit-eu", "assist");
        traffic(20);

        browser = new Browser().open(s.uri("/"));
        assertThat(browser.driver.getTitle()).contains("Deployments");
        WebElement spark = browser.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("tr[data-deployment=credit] .spark"));
            return !found.isEmpty() && points(found.get(0)) > 0 ? found.get(0) : null;
        });
        assertThat(spark.getAttribute("aria-label")).contains("request rate over the last 15 minutes");
        assertThat(String.join(" | ", row("credit"))).containsSubsequence("credit", "model credit", "v1", "none yet",
                "full", "1 firing", "req/s");
        browser.until(d -> row("credit-eu").get(3).contains("assist") ? true : null);
        assertThat(row("credit-eu").get(3)).contains("open");
        assertThat(browser.visible("#firing").getText()).contains("missing-debt-ratio", "credit", "ticket",
                "Debt ratio missing");
        browser.screenshot("dashboard-overview");

        browser.find("tr[data-deployment=credit] th a").click();
        waitText("#d-title", "credit");
        for (String chart : List.of("throughput", "latency", "error_rate", "null_output", "missing_input",
                "missing_by_feature", "confidence", "accuracy", "feedback", "memory")) {
            browser.until(d -> points(chart(chart)) > 0 ? true : null);
        }
        assertThat(chart("throughput").findElement(By.tagName("figcaption")).getText())
                .isEqualTo("Throughput (req/s)");
        assertThat(chart("latency").getAttribute("data-series")).isEqualTo("2");   // v1 primary p50 and p99
        assertThat(chart("missing_by_feature").getText()).contains("debt_ratio");
        assertThat(chart("feedback").getText()).contains("redo_search");
        assertThat(browser.find("#charts .u-axis").isDisplayed()).isTrue();
        assertThat(points(browser.find("#class-mix"))).isPositive();
        assertThat(browser.find("#class-mix").getText()).contains("v1 · primary");

        // drift: the shifted incomes drifted, drawn against the reference where the API sends distributions
        String drift = waitText("#drift-body", "income");
        assertThat(drift).contains("features drifted", "wasserstein");
        assertThat(text("#drift-body tr.drifted th")).isEqualTo("income");
        JsonNode features = s.get("/api/v1/deployments/credit/drift?window=15m").json().path("features");
        if (features.path(0).path("distribution").isObject()) {
            assertThat(browser.driver.findElements(By.cssSelector("#drift-body svg.dist"))).hasSize(features.size());
        }
        assertThat(waitText("#alerts-body", "missing-debt-ratio")).contains("firing", "ticket");
        assertThat(waitText("#review-facts", "full")).contains("Automation level", "Open items");
        assertThat(browser.find("#review-body a").getAttribute("href")).endsWith("/review");
        assertThat(waitText("#registry-body", "loans-2025.csv")).contains("v2", "loans-2026.csv",
                "serving", "3f2a9c1");
        assertThat(text("#rollout-body")).contains("No rollout yet");
        browser.screenshot("dashboard-deployment");
        browser.driver.executeScript("document.getElementById('charts').scrollIntoView()");
        browser.screenshot("dashboard-deployment-charts");
        browser.driver.executeScript("document.getElementById('class-mix').scrollIntoView()");
        browser.screenshot("dashboard-deployment-drift");
        browser.driver.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        browser.screenshot("dashboard-deployment-registry");
        browser.driver.executeScript("window.scrollTo(0, 0)");

        // another window: the charts follow, at the window's step
        new Select(browser.find("#window")).selectByValue("24h");
        browser.until(d -> "15m".equals(browser.find("#charts").getAttribute("data-step")) ? true : null);
        assertThat(browser.find("#charts").getAttribute("data-window")).isEqualTo("1d");   // the API writes 24 h as 1d
        assertThat(points(chart("throughput"))).isPositive();
        assertThat(refreshes()).isPositive();
        assertThat(browser.severe()).isEmpty();
    }

    @Test
    void rollsACanaryBackFromItsPageByKeyboard() {
        s = new DashboardServer(dir);
        traffic(6);
        TestServer.Reply started = s.post("/api/v1/deployments/credit/rollout/start", CANARY);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        traffic(6);

        browser = new Browser().open(s.uri("/#/d/credit"));
        waitText("#rollout-status", "running");
        browser.until(d -> chart("throughput").getText().contains("v2 · candidate") ? true : null);
        assertThat(chart("throughput").getText()).contains("v1 · primary");
        assertThat(points(chart("throughput"))).isPositive();
        assertThat(text("#rollout-body")).contains("canary of v2 against v1", "1 of 2",
                "error_rate", "null_output_fraction", "Compared answers");

        // readable at 1280×800: no sideways scrolling, the rollout's buttons in the first screen
        Map<?, ?> view = (Map<?, ?>) browser.driver.executeScript("var b = document.querySelector("
                + "'button[data-action=rollback]').getBoundingClientRect(); return {w: window.innerWidth,"
                + " scroll: document.documentElement.scrollWidth, bottom: b.bottom, h: window.innerHeight};");
        assertThat(((Number) view.get("w")).intValue()).isEqualTo(1280);
        assertThat(((Number) view.get("scroll")).intValue()).isLessThanOrEqualTo(1280);
        assertThat(((Number) view.get("bottom")).doubleValue()).isLessThan(((Number) view.get("h")).doubleValue());
        browser.screenshot("dashboard-canary");

        // from the top by keyboard: pause the live refresh (so nothing re-renders meanwhile), then the window picker
        assertThat(tabUntil("live", 8)).startsWith("skip");
        press(Keys.ENTER);
        assertThat(browser.find("#live").getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(tabUntil("window", 6)).contains("token");

        // the dialog takes focus, Escape cancels and gives focus back, nothing happens
        tabUntil("pause", 10);
        press(Keys.ENTER);
        assertThat(browser.find("#confirm").getAttribute("open")).isNotNull();
        assertThat(focused()).isEqualTo("confirm-reason");
        assertThat(browser.find("#confirm-title").getText()).isEqualTo("Pause the rollout?");
        press(Keys.ESCAPE);
        browser.until(d -> browser.find("#confirm").getAttribute("open") == null ? true : null);
        assertThat(focused()).isEqualTo("pause");
        assertThat(s.get("/api/v1/deployments/credit/rollout").json().path("status").asText()).isEqualTo("running");

        tabUntil("rollback", 4);
        press(Keys.ENTER);
        assertThat(focused()).isEqualTo("confirm-reason");
        assertThat(browser.find("#confirm-text").getText()).contains("All traffic goes back to v1");
        press("canary answers look wrong");
        browser.screenshot("dashboard-confirm-rollback");
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("confirm-cancel");
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("confirm-ok");
        press(Keys.ENTER);

        waitText("#rollout-status", "rolled-back");
        assertThat(browser.find("#rollout").getAttribute("data-status")).isEqualTo("rolled-back");
        browser.until(d -> browser.find("#d-facts").getText().contains("Candidate") ? null : true);
        assertThat(browser.find("button[data-action=rollback]").isEnabled()).isFalse();
        assertThat(focused()).isEqualTo("rollout-title");
        assertThat(browser.find("#error").getText()).isEmpty();
        JsonNode status = s.get("/api/v1/deployments/credit/rollout").json();
        assertThat(status.path("status").asText()).isEqualTo("rolled-back");
        JsonNode last = s.get("/api/v1/deployments/credit/rollouts").json().at("/rollouts/0/transitions");
        assertThat(last.get(last.size() - 1).path("action").asText()).isEqualTo("rollback");
        assertThat(last.get(last.size() - 1).path("reason").asText()).isEqualTo("canary answers look wrong");
        assertThat(s.get("/api/v1/deployments/credit").json().path("candidate").isNull()).isTrue();
        waitText("#rollout-body", "Audit trail");
        browser.screenshot("dashboard-rolled-back");
        assertThat(browser.severe()).isEmpty();
    }

    @Test
    void asksForATokenWithTheApisMessageAndLoadsWithIt() {
        s = new DashboardServer(dir, AccessPolicy.builder().token("ops", AccessRole.OPERATOR, OPS_TOKEN).build());
        browser = new Browser().open(s.uri("/"));
        String expected = s.get("/api/v1/deployments").assertError(401, "unauthenticated", "Authorization")
                .get("message").asText();
        assertThat(waitText("#error", expected)).contains("enter an access token above");
        assertThat(browser.find("#error").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.find("#token").getAttribute("class")).contains("wanted");
        assertThat(focused()).isEqualTo("token");
        browser.screenshot("dashboard-token-wanted");

        browser.find("#token").sendKeys(OPS_TOKEN, Keys.ENTER);
        browser.until(d -> d.findElements(By.cssSelector("tr[data-deployment=credit]")).isEmpty() ? null : true);
        browser.until(d -> browser.find("#error").getText().isEmpty() ? true : null);
        assertThat(row("credit")).contains("v1");
        assertThat(browser.severe()).isNotEmpty().allSatisfy(e -> assertThat(e).contains("401"));
    }

    @Test
    void showsTheApisMessageForAnUnknownDeployment() {
        s = new DashboardServer(dir);
        browser = new Browser().open(s.uri("/#/d/nope"));
        String expected = s.get("/api/v1/deployments/nope").assertError(404, "not_found", "name").get("message").asText();
        assertThat(waitText("#not-found", expected)).contains("Back to every deployment");
        assertThat(browser.find("#deployment").isDisplayed()).isFalse();
        browser.find("#not-found a").click();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-deployment=credit]")).isEmpty() ? null : true);
        assertThat(browser.find("#not-found").isDisplayed()).isFalse();
        assertThat(browser.severe()).isNotEmpty().allSatisfy(e -> assertThat(e).contains("404"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * {@code steps} steps of 30 s of traffic: a few credit requests (incomes 1.8 times the reference's,
     * so income drifts; a tenth without debt ratio), a label for every other answer and a
     * {@code redo_search} for one, and one or two credit-eu requests.
     */
    private void traffic(int steps) {
        for (int step = 0; step < steps; step++) {
            List<String> ids = s.predict("credit", 3 + step % 4, seed++, 1.8);
            for (int i = 0; i < ids.size(); i++) {
                if (i % 2 == 0) {
                    assertThat(s.post("/api/v1/feedback", "{\"request_id\": \"" + ids.get(i)
                            + "\", \"label\": \"repaid\"}").status()).isIn(200, 201);
                }
                if (i == 1) {
                    assertThat(s.post("/api/v1/feedback", "{\"request_id\": \"" + ids.get(i)
                            + "\", \"event\": \"redo_search\"}").status()).isIn(200, 201);
                }
            }
            s.predict("credit-eu", 1 + step % 2, seed++, 1.0);
            s.advance(Duration.ofSeconds(30));
        }
    }

    private void setLevel(String deployment, String level) {
        TestServer.Reply r = s.post("/api/v1/deployments/" + deployment + "/automation", "{\"level\": \"" + level + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /**
     * Waits until the rendered text (innerText) of the element {@code css} selects contains {@code text}; returns
     * it. Read in the page, so an element the live refresh replaced meanwhile is no stale reference.
     */
    private String waitText(String css, String text) {
        return browser.until(d -> {
            String t = text(css);
            return t != null && t.contains(text) ? t : null;
        });
    }

    /** The rendered text of the element {@code css} selects, read in the page; null when there is none. */
    private String text(String css) {
        return (String) browser.driver.executeScript("var e = document.querySelector(arguments[0]);"
                + " return e ? e.innerText : null;", css);
    }

    private WebElement chart(String id) {
        return browser.find("figure[data-chart=" + id + "]");
    }

    private static int points(WebElement e) {
        String p = e.getAttribute("data-points");
        return p == null ? 0 : Integer.parseInt(p);
    }

    private int refreshes() {
        String n = browser.find("body").getAttribute("data-refreshes");
        return n == null ? 0 : Integer.parseInt(n);
    }

    /** The cells' texts of the overview's row of {@code deployment}. */
    private List<String> row(String deployment) {
        return browser.find("tr[data-deployment=" + deployment + "]").findElements(By.cssSelector("th, td")).stream()
                .map(WebElement::getText).toList();
    }

    /** The focused element's id, else its data-action, else its tag. */
    private String focused() {
        WebElement e = browser.driver.switchTo().activeElement();
        String id = e.getAttribute("id");
        if (id != null && !id.isEmpty()) {
            return id;
        }
        String action = e.getAttribute("data-action");
        return action != null ? action : e.getTagName();
    }

    private void press(CharSequence keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    /** Presses Tab until {@code target} has focus, at most {@code max} times; returns what got focus on the way. */
    private List<String> tabUntil(String target, int max) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            press(Keys.TAB);
            seen.add(focused());
            if (seen.getLast().equals(target)) {
                return seen;
            }
        }
        throw new AssertionError("Tab did not reach " + target + " in " + max + " presses: " + seen);
    }

    private TestServer.Reply assertFile(String path, String contentType, String contains) {
        TestServer.Reply r = plain.get(path);
        assertThat(r.status()).as(path).isEqualTo(200);
        assertThat(r.header("Content-Type").replace(" ", "")).as(path)
                .isEqualToIgnoringCase(contentType.replace(" ", ""));
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'self'; img-src 'self' data: blob:");
        assertThat(r.header("ETag")).isNotBlank();
        assertThat(r.body()).contains(contains);
        return r;
    }
}
