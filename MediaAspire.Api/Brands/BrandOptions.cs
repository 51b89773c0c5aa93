namespace MediaAspire.Api.Brands;

/// <summary>The <c>Brands</c> section of the API's configuration.</summary>
public sealed class BrandOptions
{
    public const string Section = "Brands";

    /// <summary>How long adding a logo waits for the worker's logo job (a second or less when a worker is free) before it
    /// answers 202 with the job instead.</summary>
    public TimeSpan LogoWait { get; set; } = TimeSpan.FromSeconds(30);
}
