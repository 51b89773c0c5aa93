using System.Text.Json;
using MediaAspire.GpuWorker.Scoring;
using OpenCvSharp;

namespace MediaAspire.Tests.Scoring;

/// <summary>
/// The committed parity images and the probabilities the real nsfwjs 4.4.0 (tfjs) gave them
/// (tools/nsfwjs-reference/reference.js wrote TestData/nsfwjs/reference.json).
/// </summary>
public static class NsfwjsReference
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "nsfwjs");

    public static IReadOnlyDictionary<string, ClassScores> Probabilities { get; } = Read();

    public static TheoryData<string> ImageNames => [.. Probabilities.Keys];

    public static Mat ReadBgr(string image) => Cv2.ImRead(Path.Combine(Directory, image), ImreadModes.Color);

    private static Dictionary<string, ClassScores> Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "reference.json")));
        return document.RootElement.GetProperty("images").EnumerateObject().ToDictionary(
            image => image.Name,
            image => image.Value.Deserialize<ClassScores>()!);
    }

    public static float MaxAbsDifference(ClassScores a, ClassScores b) => new[]
    {
        a.Drawing - b.Drawing, a.Hentai - b.Hentai, a.Neutral - b.Neutral, a.Porn - b.Porn, a.Sexy - b.Sexy,
    }.Max(Math.Abs);
}
