namespace MediaAspire.GpuWorker.Highlights;

/// <summary>Per-second series arithmetic: windowed rates and rolling z-scores against the series' own baseline.</summary>
public static class Baseline
{
    /// <summary>Sum of <paramref name="values"/> over a window of <paramref name="window"/> seconds centred on each second, per second.</summary>
    public static double[] Rate(double[] values, double window)
    {
        var half = Math.Max(0, (int)Math.Round(window / 2));
        var prefix = Prefix(values, v => v);
        var width = Math.Max(1, 2 * half);
        var rate = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (lo, hi) = (Math.Max(0, i - half), Math.Min(values.Length, i + half));
            if (hi <= lo) hi = Math.Min(values.Length, lo + 1);
            rate[i] = (prefix[hi] - prefix[lo]) / width;
        }
        return rate;
    }

    /// <summary>
    /// How far each second stands above the mean of the <paramref name="window"/> seconds around it, in standard deviations
    /// of that window (at least <paramref name="minSpread"/>, so a flat stretch does not turn noise into σ).
    /// </summary>
    public static (double[] Z, double[] Mean) RollingZ(double[] values, double window, double minSpread)
    {
        var half = Math.Max(1, (int)Math.Round(window / 2));
        var sum = Prefix(values, v => v);
        var squares = Prefix(values, v => v * v);
        var z = new double[values.Length];
        var mean = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (lo, hi) = (Math.Max(0, i - half), Math.Min(values.Length, i + half + 1));
            var n = hi - lo;
            var m = (sum[hi] - sum[lo]) / n;
            var variance = Math.Max(0, (squares[hi] - squares[lo]) / n - m * m);
            mean[i] = m;
            z[i] = (values[i] - m) / Math.Max(minSpread, Math.Sqrt(variance));
        }
        return (z, mean);
    }

    /// <summary>Counts of <paramref name="times"/> per second of a recording <paramref name="seconds"/> long (times outside are dropped).</summary>
    public static double[] Histogram(IEnumerable<(double Time, double Weight)> times, int seconds)
    {
        var counts = new double[seconds];
        foreach (var (time, weight) in times)
        {
            if (time < 0 || time >= seconds || double.IsNaN(time)) continue;
            counts[(int)time] += weight;
        }
        return counts;
    }

    private static double[] Prefix(double[] values, Func<double, double> map)
    {
        var prefix = new double[values.Length + 1];
        for (var i = 0; i < values.Length; i++) prefix[i + 1] = prefix[i] + map(values[i]);
        return prefix;
    }
}
