using System.Diagnostics;

namespace MediaAspire.Bench;

public static class Timing
{
    /// <summary>Median wall time of <paramref name="repetitions"/> runs after one warm-up run.</summary>
    public static async Task<TimeSpan> MedianAsync(int repetitions, Func<Task> action)
    {
        await action();
        var times = new List<TimeSpan>();
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Runs a program to completion, failing loudly if it fails.</summary>
    public static async Task RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await stdout;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {stderr}");
    }
}
