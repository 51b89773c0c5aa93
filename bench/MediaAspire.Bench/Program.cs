using MediaAspire.Bench;
using MediaAspire.Bench.Benchmarks;

// Runs the named benchmarks (all when none is named) and records them in docs/benchmarks.md.
IBenchmark[] all = [new ProbeBenchmark(), new RenditionBenchmark(), new SceneBenchmark(), new ScorerBenchmark(), new UploadBenchmark(), new ClassifyBenchmark(), new CliStartupBenchmark(), new KeyframeStageBenchmark(), new HighlightBenchmark(), new BrandBenchmark(), new LiveBenchmark()];

var selected = args.Length == 0 ? all : all.Where(b => args.Contains(b.Name)).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"Unknown benchmark. Available: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}

var repository = FindRepositoryRoot();
var work = Directory.CreateTempSubdirectory("mediaaspire-bench-").FullName;
try
{
    foreach (var benchmark in selected)
    {
        Console.WriteLine($"Running {benchmark.Name}: {benchmark.Title}");
        var report = await benchmark.RunAsync(new BenchContext(work, Repetitions: 5), CancellationToken.None);
        foreach (var row in report.Rows)
            Console.WriteLine($"  {row.Measure}: {row.Ours} vs {row.Baseline} {row.BaselineValue} = {row.Ratio:F2}x");
        BenchmarkDocument.Write(Path.Combine(repository, "docs", "benchmarks.md"), benchmark, report);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
return 0;

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "MediaAspire.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run the benchmarks from inside the MediaAspire repository.");
}
