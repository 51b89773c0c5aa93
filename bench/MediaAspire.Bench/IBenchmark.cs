namespace MediaAspire.Bench;

/// <summary>One benchmark: measures our code and, side by side on the same input, the baseline it is judged against.</summary>
public interface IBenchmark
{
    /// <summary>Short id used on the command line and as the section key in docs/benchmarks.md.</summary>
    string Name { get; }

    string Title { get; }

    Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken);
}

/// <param name="WorkDirectory">Scratch space for generated media, removed after the run.</param>
public sealed record BenchContext(string WorkDirectory, int Repetitions);

/// <param name="Ratio">ours / baseline for times (lower is better), stated per row.</param>
public sealed record BenchmarkRow(string Measure, string Ours, string Baseline, string BaselineValue, double Ratio);

/// <param name="Notes">How it was measured: input, repetitions, what the baseline is.</param>
public sealed record BenchmarkReport(string Notes, IReadOnlyList<BenchmarkRow> Rows);
