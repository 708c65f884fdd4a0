using Microsoft.Playwright;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// One Debian Chromium for all dashboard tests, driven by Playwright (never its own browser
/// download). Where Chromium is absent a test that asks for the browser is skipped with the reason:
/// scripts/run-tests installs it.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? missingReason;

    /// <summary>The browser; the calling test is skipped, with the reason, where Chromium is absent.</summary>
    public IBrowser Browser
    {
        get
        {
            if (browser is null)
            {
                Assert.Skip(missingReason ?? "Chromium did not start");
            }

            return browser;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            missingReason = $"{ExecutablePath} is missing (apt-get install chromium; scripts/run-tests does it as root): browser checks skipped";
            return;
        }

        playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        }).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync().ConfigureAwait(false);
        }

        playwright?.Dispose();
    }
}
