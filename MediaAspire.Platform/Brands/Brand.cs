namespace MediaAspire.Platform.Brands;

/// <summary>A brand a tenant looks for, as the API returns it.</summary>
/// <param name="Aliases">Other names it is written as on screen (matched like the name).</param>
/// <param name="MinScore">Detections scoring below this (0–1) are not reported for it.</param>
public sealed record Brand(Guid Id, string Name, IReadOnlyList<string> Aliases, double MinScore, IReadOnlyList<BrandLogo> Logos, DateTimeOffset CreatedAt);

/// <summary>A logo file of a brand, as normalised when it was added.</summary>
/// <param name="Keypoints">How many local features were found in it (what matching has to work with).</param>
public sealed record BrandLogo(Guid Id, string? Filename, int Width, int Height, bool HasAlpha, int Keypoints, DateTimeOffset CreatedAt);
