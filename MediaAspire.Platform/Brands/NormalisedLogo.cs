namespace MediaAspire.Platform.Brands;

/// <summary>A logo as it is kept: its normalised image and the local features computed from it when it was added.</summary>
/// <param name="Png">The normalised image (alpha kept when the file had any).</param>
public sealed record NormalisedLogo(byte[] Png, int Width, int Height, bool HasAlpha, int Keypoints, string FeatureKind, byte[] Features);
