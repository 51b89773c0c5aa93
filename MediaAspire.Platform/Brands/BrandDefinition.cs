namespace MediaAspire.Platform.Brands;

/// <summary>What the brands stage looks for: a brand's names and its logos' stored features (no image decoding).</summary>
public sealed record BrandDefinition(Guid Id, string Name, IReadOnlyList<string> Aliases, double MinScore, IReadOnlyList<StoredLogoFeatures> Logos);

/// <param name="Features">The bytes <see cref="LogoFeatures.Serialize"/> wrote when the logo was added.</param>
public sealed record StoredLogoFeatures(Guid LogoId, int Width, int Height, byte[] Features);
