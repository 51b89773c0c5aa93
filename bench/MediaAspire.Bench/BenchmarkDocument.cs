using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MediaAspire.Bench;

/// <summary>
/// docs/benchmarks.md: one section per benchmark, replaced when that benchmark runs again, so figures
/// from different runs (and machines) stay side by side with their machine and date.
/// </summary>
public static class BenchmarkDocument
{
    public static void Write(string path, IBenchmark benchmark, BenchmarkReport report)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : Header;
        var begin = $"<!-- bench:{benchmark.Name} -->";
        var end = $"<!-- /bench:{benchmark.Name} -->";
        var section = new StringBuilder()
            .AppendLine(begin)
            .AppendLine($"## {benchmark.Title}")
            .AppendLine()
            .AppendLine($"Machine: {Machine()}. Date: {DateTime.UtcNow:yyyy-MM-dd}. Command: `dotnet run -c Release --project bench/MediaAspire.Bench -- {benchmark.Name}`")
            .AppendLine()
            .AppendLine(report.Notes)
            .AppendLine()
            .AppendLine("| measure | ours | baseline | baseline value | ratio (ours / baseline) |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var row in report.Rows)
            section.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Measure} | {row.Ours} | {row.Baseline} | {row.BaselineValue} | {row.Ratio:F2}× |"));
        section.Append(end);

        var start = existing.IndexOf(begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = start >= 0 && stop > start
            ? existing[..start] + section + existing[(stop + end.Length)..]
            : existing.TrimEnd() + "\n\n" + section + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, updated);
    }

    private const string Header = """
        # Benchmarks

        Figures from `bench/` (run `dotnet run -c Release --project bench/MediaAspire.Bench -- [name ...]`).
        Every figure is measured side by side with the baseline it is compared to, on the same input and
        machine; ratios, not absolute times, are what the goals are stated in.
        """;

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memoryGiB:F0} GiB, {RuntimeInformation.OSDescription}");
    }
}
