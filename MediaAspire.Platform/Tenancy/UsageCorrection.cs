namespace MediaAspire.Platform.Tenancy;

/// <summary>A tenant whose counted use differed from what its rows hold (a reservation whose holder died), and was set right.</summary>
public sealed record UsageCorrection(string Tenant, long CountedBytes, long CountedAssets, long HeldBytes, long HeldAssets);
