namespace MediaAspire.Api.Assets;

/// <param name="AssetUrl">Where to read the asset.</param>
/// <param name="JobUrl">Where to follow the probe job.</param>
/// <param name="Duplicate">True when the same bytes were already an asset: these are its ids, and nothing is processed again.</param>
public sealed record UploadAccepted(Guid AssetId, Guid JobId, string AssetUrl, string JobUrl, bool Duplicate)
{
    /// <summary>202 for a new asset (its probe is queued), 200 for bytes we already had.</summary>
    public static IResult Result(IngestResult result)
    {
        var body = new UploadAccepted(result.Asset.Id, result.Job.Id, $"/api/assets/{result.Asset.Id}", $"/api/jobs/{result.Job.Id}", result.Duplicate);
        return result.Duplicate ? TypedResults.Ok(body) : TypedResults.Accepted(body.JobUrl, body);
    }
}
