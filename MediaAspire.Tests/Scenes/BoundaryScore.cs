using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Scenes;

/// <summary>
/// Precision, recall and F1 of detected scene boundaries against the known ones. A detection (a point for a
/// cut, an interval for a gradual transition) matches an expected boundary it overlaps within
/// <see cref="ToleranceSeconds"/>; each expected boundary is matched at most once, so a burst of detections
/// inside one fade counts one hit and the rest as false positives.
/// </summary>
public sealed record BoundaryScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public const double ToleranceSeconds = 0.12;

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static BoundaryScore Of(IReadOnlyList<ExpectedBoundary> expected, IEnumerable<(double Start, double End)> detected)
    {
        var matched = new bool[expected.Count];
        int truePositives = 0, falsePositives = 0;
        foreach (var (start, end) in detected.OrderBy(d => d.Start))
        {
            var hit = Enumerable.Range(0, expected.Count).FirstOrDefault(i => !matched[i]
                && start <= expected[i].End + ToleranceSeconds && end >= expected[i].Start - ToleranceSeconds, -1);
            if (hit < 0) { falsePositives++; continue; }
            matched[hit] = true;
            truePositives++;
        }
        return new BoundaryScore(truePositives, falsePositives, expected.Count - truePositives);
    }

    public override string ToString() =>
        $"precision {Precision:F2}, recall {Recall:F2}, F1 {F1:F2} ({TruePositives} hits, {FalsePositives} false, {FalseNegatives} missed)";
}
