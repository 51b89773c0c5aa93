namespace MediaAspire.Platform.Brands;

/// <summary>What the logo job normalises and adds: the file the API stored at <paramref name="UploadKey"/> (deleted once
/// the job has ended, whichever way), as a new logo <paramref name="LogoId"/> of <paramref name="BrandId"/>.</summary>
public sealed record LogoJobParameters(Guid BrandId, Guid LogoId, string? Filename, string UploadKey)
{
    /// <summary>Where a logo file waits for its job.</summary>
    public static string UploadKeyOf(Guid brandId, Guid logoId) => $"brands/{brandId:N}/uploads/{logoId:N}";

    /// <summary>The job result's <c>code</c> when the file cannot be used as a logo (the API's 400; its <c>title</c> beside it).</summary>
    public const string RejectedCode = "rejected";
}
