using System.Security.Cryptography;
using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Platform.Live;

/// <summary>Live streams in PostgreSQL. Every state change is one conditional UPDATE, so two publishers (or a
/// publish and a revoke) racing on one key cannot both win.</summary>
public sealed class LiveStreamRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, tenant_id, name, stream_key, state, job_id, asset_id, failure, created_at, started_at, ended_at, revoked_at, resume_until, publishes";

    public async Task<LiveStream> CreateAsync(string name, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO live_streams (id, tenant_id, name, stream_key) VALUES (@id, @tenant_id, @name, @key) RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("tenant_id", tenant.TenantId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("key", NewStreamKey());
        return (await ReadAsync(command, cancellationToken)).Single();
    }

    public async Task<LiveStream?> GetAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"SELECT {Columns} FROM live_streams WHERE id = @id AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The tenant's streams, newest first.</summary>
    public async Task<IReadOnlyList<LiveStream>> ListAsync(TenantScope tenant, int limit, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT {Columns} FROM live_streams WHERE {TenantScope.Sql()} ORDER BY created_at DESC, id DESC LIMIT @limit"));
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Revokes the key: its next publish is refused, and a live session ends. The revoked stream, or null when none is the tenant's.</summary>
    public async Task<LiveStream?> RevokeAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            UPDATE live_streams SET revoked_at = coalesce(revoked_at, now()),
                state = CASE WHEN state = 'live' THEN 'ended' ELSE state END,
                ended_at = CASE WHEN state = 'live' THEN now() ELSE ended_at END, resume_until = NULL
            WHERE id = @id AND {TenantScope.Sql()} RETURNING {Columns}
            """));
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>nginx-rtmp's on_publish: admits <paramref name="publisherId"/> to an idle, unrevoked stream, or back into
    /// a live session whose publisher left less than its grace period ago.</summary>
    public async Task<PublishAdmission> AdmitPublisherAsync(string streamKey, string publisherId, CancellationToken cancellationToken)
    {
        await using (var admit = dataSource.CreateCommand($"""
            UPDATE live_streams SET state = 'live', publisher_id = @publisher, started_at = now(), publishes = 1
            WHERE stream_key = @key AND state = 'idle' AND revoked_at IS NULL RETURNING {Columns}
            """))
        {
            admit.Parameters.AddWithValue("key", streamKey);
            admit.Parameters.AddWithValue("publisher", publisherId);
            if ((await ReadAsync(admit, cancellationToken)).SingleOrDefault() is { } admitted)
                return new PublishAdmission(PublishVerdict.Admitted, admitted);
        }
        await using (var resume = dataSource.CreateCommand($"""
            UPDATE live_streams SET publisher_id = @publisher, resume_until = NULL, publishes = publishes + 1
            WHERE stream_key = @key AND state = 'live' AND revoked_at IS NULL AND resume_until > now() RETURNING {Columns}
            """))
        {
            resume.Parameters.AddWithValue("key", streamKey);
            resume.Parameters.AddWithValue("publisher", publisherId);
            if ((await ReadAsync(resume, cancellationToken)).SingleOrDefault() is { } resumed)
                return new PublishAdmission(PublishVerdict.Resumed, resumed);
        }
        var stream = await GetByKeyAsync(streamKey, cancellationToken);
        return new PublishAdmission(stream switch
        {
            null => PublishVerdict.UnknownKey,
            { RevokedAt: not null } => PublishVerdict.Revoked,
            { State: LiveState.Live, ResumeUntil: null } => PublishVerdict.AlreadyLive,
            _ => PublishVerdict.Ended,
        }, stream);
    }

    /// <summary>nginx-rtmp's on_publish_done: if <paramref name="publisherId"/> is the session's admitted publisher, the
    /// session waits <paramref name="grace"/> for a publisher to come back (or ends at once when it is zero). The stream
    /// as it is now, or null when the key is unknown or the publisher was not the admitted one.</summary>
    public async Task<LiveStream?> PublisherLeftAsync(string streamKey, string publisherId, TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE live_streams SET {PublisherGone}
            WHERE stream_key = @key AND state = 'live' AND publisher_id = @publisher AND resume_until IS NULL RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("key", streamKey);
        command.Parameters.AddWithValue("publisher", publisherId);
        command.Parameters.AddWithValue("grace", grace);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The recorder's view: the data of the session's <paramref name="publishes"/>-th publisher stopped coming
    /// (it went quiet without nginx noticing yet), so the session waits for it as if it had left. False when the row
    /// had already moved on (it left, came back or the session ended).</summary>
    public async Task<bool> PublisherWentQuietAsync(Guid id, int publishes, TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE live_streams SET {PublisherGone}
            WHERE id = @id AND state = 'live' AND publishes = @publishes AND resume_until IS NULL
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("publishes", publishes);
        command.Parameters.AddWithValue("grace", grace);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Ends a session whose publisher did not come back in time. False when one did (or it had ended already).</summary>
    public async Task<bool> EndAfterGraceAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE live_streams SET state = 'ended', ended_at = now(), resume_until = NULL
            WHERE id = @id AND state = 'live' AND resume_until <= now()
            """);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A publisher gone: the session waits for one to come back until now + @grace, or ends now without a grace.</summary>
    private const string PublisherGone = """
        resume_until = CASE WHEN @grace > interval '0' THEN now() + @grace END,
                state = CASE WHEN @grace > interval '0' THEN state ELSE 'ended' END,
                ended_at = CASE WHEN @grace > interval '0' THEN ended_at ELSE now() END
        """;

    /// <summary>Platform-internal (nginx-rtmp's hooks know a key, not a tenant).</summary>
    public async Task<LiveStream?> GetByKeyAsync(string streamKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM live_streams WHERE stream_key = @key");
        command.Parameters.AddWithValue("key", streamKey);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task SetJobAsync(Guid id, Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE live_streams SET job_id = @job WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("job", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The session's outcome: its recording's asset, or why there is none (the session ends, if it had not).</summary>
    public async Task FinishAsync(Guid id, Guid? assetId, string? failure, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await FinishAsync(id, assetId, failure, connection, null, cancellationToken);
    }

    /// <inheritdoc cref="FinishAsync(Guid, Guid?, string?, CancellationToken)"/>
    /// <remarks>In the caller's transaction: the one that inserts the recording's asset.</remarks>
    public async Task FinishAsync(Guid id, Guid? assetId, string? failure, NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE live_streams SET asset_id = @asset, failure = coalesce(@failure, failure),
                state = 'ended', ended_at = coalesce(ended_at, now()), resume_until = NULL
            WHERE id = @id
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("asset", (object?)assetId ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("failure", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)failure ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A refusal or a recording problem people should see on the stream, without changing its state.</summary>
    public async Task RecordFailureAsync(Guid id, string failure, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE live_streams SET failure = @failure WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("failure", failure);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>160 random bits, URL- and path-safe (it is the last segment of the ingest URL).</summary>
    private static string NewStreamKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private static async Task<List<LiveStream>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<LiveStream>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new LiveStream(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                Enum.Parse<LiveState>(reader.GetString(4), ignoreCase: true),
                reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetInt32(13)));
        }
        return list;
    }
}
