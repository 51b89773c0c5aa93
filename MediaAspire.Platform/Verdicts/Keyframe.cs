using System.Text.Json.Serialization;

namespace MediaAspire.Platform.Verdicts;

/// <summary>One scored keyframe; <paramref name="Scores"/> maps the classifier's class names (Drawing, Hentai, Neutral, Porn, Sexy) to probabilities.</summary>
/// <param name="T">Presentation time, seconds.</param>
/// <param name="Scene">Index into the scenes.</param>
/// <param name="Quality">Technical quality, 0..1.</param>
/// <param name="Faces">Faces found (MediaPipe BlazeFace).</param>
/// <param name="Tags">The frame's technical tags (dark, overexposed, blurry, low-contrast, noisy, compressed); null in
/// verdicts recorded before they were kept per keyframe.</param>
/// <param name="FaceBoxes">Where those faces are and how sure the detector is, most certain first; null in verdicts
/// recorded before boxes were kept.</param>
/// <param name="ImageUrl">Where the frame is served as a small JPEG (<see cref="Verdict.KeyframePath"/>); null in verdicts
/// recorded before keyframe images were kept, and from the CLI, which stores nothing (left out then: the CLI's shape stays).</param>
/// <remarks>The CLI's documented keyframe shape; the API uses the same.</remarks>
public sealed record Keyframe(double T, int Scene, double Quality, int Faces, IReadOnlyDictionary<string, float> Scores, IReadOnlyList<string>? Tags,
    IReadOnlyList<FaceBox>? FaceBoxes = null, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageUrl = null);
