namespace MediaAspire.Tests.Infrastructure;

/// <summary>A short-lived tool run to its end (kubectl, msbuild, the AppHost publishing, redocly): its exit code and output.</summary>
internal static class Run
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <param name="separateErrors">Only standard output is returned (standard error is added on failure), for output to parse.</param>
    /// <param name="environment">Variables set for the tool on top of the test process's own.</param>
    public static async Task<(int ExitCode, string Output)> ToEndAsync(string program, string[] arguments, string workingDirectory, bool separateErrors = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = System.Diagnostics.Process.Start(info)!;
        using var timeout = new CancellationTokenSource(Limit);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran over {Limit.TotalMinutes} minutes.");
        }
        return separateErrors && process.ExitCode == 0
            ? (process.ExitCode, await output)
            : (process.ExitCode, await output + await errors);
    }
}
