using System.Diagnostics;
using MediaAspire.Tests.Infrastructure.Servers;

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

    /// <summary>
    /// Median wall time and median child-process CPU time of each action over <paramref name="repetitions"/>
    /// rounds (after one warm-up round), running them in turn within every round: on a machine shared with
    /// other work, load changes then hit every action alike. CPU time is the steadier figure under load.
    /// </summary>
    public static async Task<(TimeSpan Wall, TimeSpan Cpu)[]> InterleavedMediansAsync(int repetitions, params Func<Task>[] actions)
    {
        var walls = actions.Select(_ => new List<TimeSpan>()).ToArray();
        var cpus = actions.Select(_ => new List<TimeSpan>()).ToArray();
        for (var round = 0; round <= repetitions; round++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                var cpuBefore = ChildProcessCpu.Total();
                var watch = Stopwatch.StartNew();
                await actions[i]();
                if (round == 0) continue;
                walls[i].Add(watch.Elapsed);
                cpus[i].Add(ChildProcessCpu.Total() - cpuBefore);
            }
        }
        return walls.Zip(cpus, (w, c) => (Median(w), Median(c))).ToArray();
    }

    /// <summary>The middle value (of an even count, the upper of the two middle ones).</summary>
    public static T Median<T>(IEnumerable<T> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Runs a program other than ffmpeg and ffprobe (those run through FfmpegLauncher, as in the worker) to
    /// completion, failing loudly if it fails.</summary>
    public static async Task RunAsync(string program, params string[] arguments)
    {
        await using var process = ChildProcess.Start(program, arguments);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {process.RecentOutput}");
    }
}
