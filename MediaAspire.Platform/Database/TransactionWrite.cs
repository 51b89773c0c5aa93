using Npgsql;

namespace MediaAspire.Platform.Database;

/// <summary>A write that runs inside someone else's transaction (typically the one that finishes a job), so that it
/// commits or rolls back with it.</summary>
public delegate Task TransactionWrite(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
