using OpenCvSharp;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>One brand seen in one frame.</summary>
/// <param name="Source">logo or text (<see cref="Platform.Brands.BrandSources"/>).</param>
/// <param name="Score">0–1: for a logo <c>n / (n + 10)</c> of its n RANSAC inliers (0.5 is ten geometrically consistent
/// keypoints); for text the OCR confidence times how closely the name matched.</param>
/// <param name="Box">Where, in the pixels of the frame it was found in.</param>
/// <param name="AreaShare">Its area (the projected logo outline's, or the text line's) over the frame's.</param>
public sealed record BrandSighting(Guid BrandId, string Brand, string Source, double Score, Rect Box, double AreaShare);

/// <summary>A sighting at a sampled time, in the video's own pixels.</summary>
public sealed record TimedSighting(double T, BrandSighting Sighting);
