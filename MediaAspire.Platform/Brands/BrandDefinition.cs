namespace MediaAspire.Platform.Brands;

/// <summary>What the brands stage looks for: a brand's names and its logos' stored features (no image decoding).</summary>
public sealed record BrandDefinition(Guid Id, string Name, IReadOnlyList<string> Aliases, double MinScore, IReadOnlyList<StoredLogoFeatures> Logos);

/// <param name="Features">The bytes the worker's logo job wrote when the logo was added, in the <see cref="Kind"/> layout.</param>
public sealed record StoredLogoFeatures(Guid LogoId, int Width, int Height, byte[] Features)
{
    /// <summary>The layout features are stored in today (SIFT, descriptors as bytes); rows of another kind are not matched.</summary>
    public const string Kind = "sift-u8-v1";
}
