namespace MediaAspire.Api.Assets;

public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>Largest accepted upload in bytes; larger ones are answered with 413.</summary>
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
