using OpenCvSharp;

namespace MediaAspire.GpuWorker.Quality;

/// <summary>A face: where it is in the image's pixels and how sure the detector is (0..1).</summary>
public sealed record DetectedFace(Rect Box, double Score);
