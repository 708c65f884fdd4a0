using System.Text.Json;
using Microsoft.Playwright;

namespace Perfwhiz.Tests.Dashboards;

/// <summary>
/// A dashboard page open in the browser, watched for what it must never do: log an error, throw,
/// open a dialog, or send a request anywhere (requests other than the file itself are aborted and
/// recorded).
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private readonly IPage page;

    private DashboardSession(IPage page) => this.page = page;

    public List<string> Errors { get; } = [];

    public List<string> Requests { get; } = [];

    public List<string> Dialogs { get; } = [];

    public IPage Page => page;

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    public static async Task<DashboardSession> OpenAsync(IBrowser browser, string htmlPath)
    {
        var newPage = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } }).ConfigureAwait(false);
        var session = new DashboardSession(newPage);
        newPage.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                session.Errors.Add($"console {message.Type}: {message.Text}");
            }
        };
        newPage.PageError += (_, error) => session.Errors.Add($"page error: {error}");
        newPage.Dialog += (_, dialog) =>
        {
            session.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        newPage.RequestFailed += (_, request) => session.Requests.Add($"failed: {request.Url}");
        await newPage.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal) && route.Request.Url.EndsWith(".html", StringComparison.Ordinal))
            {
                await route.ContinueAsync().ConfigureAwait(false);
                return;
            }

            session.Requests.Add(route.Request.Url);
            await route.AbortAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
        await newPage.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri).ConfigureAwait(false);
        await newPage.WaitForFunctionAsync("() => window.__perfwhiz && (window.__perfwhiz.ready || window.__perfwhiz.error)", null, new() { Timeout = 30000 }).ConfigureAwait(false);
        return session;
    }

    public async Task<JsonElement> EvaluateAsync(string expression, object? argument = null)
    {
        // Through JSON, so that typed arrays and echarts options arrive as plain values.
        var json = await page.EvaluateAsync<string>($"async (argument) => JSON.stringify(await ({expression})(argument))", argument).ConfigureAwait(false);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true }).ConfigureAwait(false);
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>Nothing went wrong on the page since it opened.</summary>
    public async Task AssertCleanAsync()
    {
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__perfwhiz.error").ConfigureAwait(false));
        Assert.Empty(Errors);
        Assert.Empty(Requests);
        Assert.Empty(Dialogs);
    }

    public async ValueTask DisposeAsync() => await page.CloseAsync().ConfigureAwait(false);
}
