namespace MediaAspire.Api.Brands;

/// <summary>The 202 of adding a logo when no worker finished it in time: the job to follow; the logo appears in the brand once it completes.</summary>
public sealed record LogoAccepted(Guid JobId, string JobUrl, string EventsUrl, string BrandUrl);
