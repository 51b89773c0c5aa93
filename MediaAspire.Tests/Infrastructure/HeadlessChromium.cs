using System.Diagnostics;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, with the flags this closed network needs (no background or component traffic).</summary>
public static class HeadlessChromium
{
    private const string Binary = "/usr/bin/chromium";

    /// <summary>Loads <paramref name="url"/>, lets its scripts run for <paramref name="budget"/> of virtual time and
    /// returns the DOM. Virtual time stops while a request is open, so the page must not hold an SSE stream.</summary>
    public static Task<string> DumpDomAsync(string url, TimeSpan budget) =>
        RunAsync(url, "--dump-dom", $"--virtual-time-budget={(int)budget.TotalMilliseconds}");

    /// <summary>Screenshot after <paramref name="budget"/> of virtual time (same caveat as <see cref="DumpDomAsync"/>).</summary>
    public static async Task ScreenshotAsync(string url, string pngPath, TimeSpan budget) =>
        await RunAsync(url, $"--screenshot={pngPath}", "--window-size=1440,760", "--hide-scrollbars", $"--virtual-time-budget={(int)budget.TotalMilliseconds}");

    private static async Task<string> RunAsync(string url, params string[] extra)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException("Chromium is missing: scripts/install-prerequisites.sh installs Debian's 'chromium'.");
        var profile = Directory.CreateTempSubdirectory("mediaaspire-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile}", .. extra, url])
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0) throw new InvalidOperationException($"chromium failed: {await errors}");
            return await output;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
