package dev.questlog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.testkit.Browser;
import dev.questlog.testkit.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium against a real QuestLog server: what a user sees and clicks. Each test
 * leaves a screenshot in {@code server/target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private RunningServer server;
    private Browser browser;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = RunningServer.start(dataDir);
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.open(server.url() + "/");
        browser.script("sessionStorage.clear()");
        browser.open(server.url() + "/#/live");
        browser.visible("#sign-in-form");
    }

    private void signIn(String key) {
        browser.find("#key").clear();
        browser.find("#key").sendKeys(key);
        browser.find("#sign-in-form button[type=submit]").click();
    }

    private void signInAsAnalyst() {
        signIn(server.analystKey());
        browser.visible("#nav");
    }

    @Test
    void signInAcceptsOnlyAnalystOrAdminKeysAndSignOutForgetsTheKey() {
        signIn("ql_analyst_not-a-real-key");
        assertThat(browser.visible("#sign-in-error").getText()).contains("unknown or revoked key").contains("401");

        signIn(server.serverKey());
        assertThat(browser.visible("#sign-in-error").getText()).contains("server key may not").contains("403");
        assertThat(browser.find("#nav").isDisplayed()).isFalse();

        signInAsAnalyst();
        assertThat(browser.find("#who-text").getText()).contains(RunningServer.APP).contains("analyst");
        browser.screenshot("signed-in");

        // The key lives in the tab's session: a reload stays signed in.
        browser.driver().navigate().refresh();
        assertThat(browser.visible("#who-text").getText()).contains(RunningServer.APP);

        browser.find("#sign-out").click();
        assertThat(browser.visible("#sign-in-error").getText()).contains("Signed out");
        assertThat(browser.script("return sessionStorage.getItem('questlog.key')")).isNull();
        browser.driver().navigate().refresh();
        browser.visible("#sign-in-form");
        assertThat(browser.find("#nav").isDisplayed()).isFalse();
    }

    @Test
    void anAdminKeyNamesTheAppItLooksAt() {
        signIn(server.adminKey());
        browser.visible("#app-name").sendKeys(RunningServer.APP + "\n");
        assertThat(browser.find("#who-text").getText()).contains("admin");
        assertThat(browser.script("return sessionStorage.getItem('questlog.app')")).isEqualTo(RunningServer.APP);
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
