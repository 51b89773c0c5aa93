namespace MediaAspire.Api.Assets.Brands;

/// <summary>The answer to <c>POST /api/assets/{id}/brands</c>: the job to follow, and where its results will be.</summary>
public sealed record BrandsAccepted(Guid JobId, string JobUrl, string EventsUrl, string BrandsUrl);
