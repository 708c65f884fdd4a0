using Microsoft.Playwright;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// One Debian Chromium for all dashboard tests, driven by Playwright (never its own browser
/// download). Where Chromium is absent the tests say why and return: scripts/run-tests installs it.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser? Browser { get; private set; }

    public string? MissingReason { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            MissingReason = $"{ExecutablePath} is missing (apt-get install chromium; scripts/run-tests does it as root): browser checks skipped";
            return;
        }

        playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        }).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync().ConfigureAwait(false);
        }

        playwright?.Dispose();
    }
}
