using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace BudgetMesh.Publication.Tests;

/// <summary>What the browser saw on one page at one width.</summary>
internal sealed record BrowserView(
    string Page, string Viewport, int Status, int Dialogs, string[] Errors, string Screenshot, string Title,
    BrowserTable[] Tables, JsonElement Xss, int Scripts, int Images, bool CjkInk, bool CjkDistinct, bool PageOverflows, string Text,
    string[] Axe, string[] Words);

internal sealed record BrowserTable(string Key, bool Visible);

/// <summary>
/// Drives browser/check-page.mjs (playwright-core on /usr/bin/chromium). Installs the node project from its
/// committed package-lock.json on first use (`npm ci`, which never rewrites the lock).
/// </summary>
internal static class Browser
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string ProjectDirectory =>
        typeof(Browser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BrowserProject").Value!;

    public static async Task<IReadOnlyList<BrowserView>> OpenAsync(string outputDirectory, params (string Name, Uri Url)[] pages)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("Chromium is missing: run `apt-get install -y chromium fonts-noto-cjk` (deploy/install-prereqs.sh does).");
        }

        await EnsureInstalledAsync();
        var config = JsonSerializer.Serialize(new { pages = pages.Select(p => new { name = p.Name, url = p.Url.ToString() }), @out = outputDirectory });
        var (exit, output, errors) = await RunAsync("node", ["check-page.mjs", config], TimeSpan.FromSeconds(90));
        if (exit != 0)
        {
            throw new InvalidOperationException($"check-page.mjs failed ({exit}):\n{errors}\n{output}");
        }

        return JsonSerializer.Deserialize<BrowserView[]>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(ProjectDirectory, "node_modules", "playwright-core", "package.json"))
                && File.Exists(Path.Combine(ProjectDirectory, "node_modules", "axe-core", "axe.min.js")))
            {
                return;
            }

            var (exit, output, errors) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromSeconds(120));
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci in {ProjectDirectory} failed ({exit}):\n{errors}\n{output}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = ProjectDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Playwright must never fetch a browser of its own.
        info.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await output, await errors);
    }
}
