using System.Text.Json;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace MediaAspire.Platform.Jobs;

/// <summary>
/// The job state machine in PostgreSQL. Every transition is one statement guarded by the state it
/// leaves (and, for a running job, by the worker holding its lease), and writes a job event in the
/// same transaction, so concurrent workers and redelivered messages cannot corrupt a job.
/// </summary>
public sealed class JobRepository(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, asset_id, kind, state, attempts, error, result::text, stage, progress, created_at, updated_at, started_at, finished_at, cancel_requested_at IS NOT NULL, parameters::text, tenant_id";

    /// <param name="parameters">What the job is asked to do beyond its kind, serialised with <see cref="Json.PlatformJson"/>.</param>
    /// <param name="tenantId">The job's tenant; only for a job without an asset (a job of an asset is its asset's tenant's).</param>
    public async Task<Job> InsertAsync(Guid? assetId, string kind, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken, object? parameters = null, Guid? tenantId = null)
    {
        var id = Guid.CreateVersion7();
        await using var command = new NpgsqlCommand(
            $"INSERT INTO jobs (id, asset_id, kind, state, parameters, tenant_id) VALUES (@id, @asset, @kind, 'pending', @parameters, @tenant_id) RETURNING {Columns}",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("tenant_id", NpgsqlDbType.Uuid) { Value = (object?)tenantId ?? DBNull.Value });
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("asset", (object?)assetId ?? DBNull.Value);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb)
        {
            Value = parameters is null ? DBNull.Value : JsonSerializer.Serialize(parameters, Json.PlatformJson.Options),
        });
        Job job;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            job = Read(reader);
        }
        await AddEventAsync(id, "created", $"{kind} job created", connection, transaction, cancellationToken);
        return job;
    }

    public async Task<Job?> GetAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"SELECT {Columns} FROM jobs WHERE id = @id AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Job>> ListForAssetAsync(Guid assetId, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT {Columns} FROM jobs WHERE asset_id = @id AND {TenantScope.Sql()} ORDER BY created_at"));
        command.Parameters.AddWithValue("id", assetId);
        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) jobs.Add(Read(reader));
        return jobs;
    }

    /// <summary>The job's events after <paramref name="afterId"/>, oldest first; progress events only when asked for.</summary>
    public async Task<IReadOnlyList<JobEvent>> GetEventsAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken, long afterId = 0,
        bool includeProgress = false)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT id, at, type, message, data->>'stage', (data->>'progress')::real FROM job_events
            WHERE job_id = @id AND {TenantScope.Sql()} AND id > @after AND (@progress OR type <> 'progress') ORDER BY id
            """));
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("progress", includeProgress);
        var events = new List<JobEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new JobEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFloat(5)));
        return events;
    }

    /// <summary>Records which stream message carries the job, so the sweeper can tell when Redis lost it.</summary>
    public async Task MarkEnqueuedAsync(Guid id, string messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE jobs SET queue_message_id = @m, enqueued_at = now() WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("m", messageId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the job for <paramref name="worker"/> if it is pending, or running under a lease that ran
    /// out (its worker died). Returns null when someone else holds it or it has already finished.
    /// </summary>
    public async Task<Job?> TryClaimAsync(Guid id, string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = @worker,
                   lease_until = now() + @lease, stage = 'starting', progress = 0,
                   started_at = coalesce(started_at, now()), updated_at = now()
            WHERE id = @id AND (state = 'pending' OR (state = 'running' AND lease_until < now()))
            RETURNING {Columns}
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("lease", lease);
        Job? job = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken)) job = Read(reader);
        }
        if (job is null) return null;
        await AddEventAsync(id, "started", $"attempt {job.Attempts} on {worker}", connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>Extends the lease of a running job; says whether the worker lost it or was asked to cancel it.</summary>
    public async Task<LeaseRenewal> RenewLeaseAsync(Guid id, string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs SET lease_until = now() + @lease WHERE id = @id AND state = 'running' AND worker = @worker
            RETURNING cancel_requested_at IS NOT NULL
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("lease", lease);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            true => LeaseRenewal.CancelRequested,
            false => LeaseRenewal.Renewed,
            _ => LeaseRenewal.Lost,
        };
    }

    /// <summary>Records where a running job is, on the job and as a progress event (callers throttle).</summary>
    public async Task ReportProgressAsync(Guid id, string worker, string stage, float progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            "UPDATE jobs SET stage = @stage, progress = @progress, updated_at = now() WHERE id = @id AND state = 'running' AND worker = @worker",
            connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("worker", worker);
            command.Parameters.AddWithValue("stage", stage);
            command.Parameters.AddWithValue("progress", progress);
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) return;
        }
        await AddEventAsync(id, "progress", stage, connection, transaction, cancellationToken,
            JsonSerializer.Serialize(new { stage, progress }));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Cancels a pending job at once; marks a running one so its worker stops it (the worker then ends it
    /// <c>cancelled</c>). A finished job is left alone.
    /// </summary>
    public async Task<(CancelOutcome Outcome, JobState? State)> RequestCancelAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? state;
        await using (var command = new NpgsqlCommand($"""
            UPDATE jobs SET
                   state = CASE WHEN state = 'pending' THEN 'cancelled' ELSE state END,
                   finished_at = CASE WHEN state = 'pending' THEN now() ELSE finished_at END,
                   error = CASE WHEN state = 'pending' THEN 'Cancelled on request.' ELSE error END,
                   cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now()
            WHERE id = @id AND state IN ('pending', 'running') AND {TenantScope.Sql()}
            RETURNING state
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            tenant.AddTo(command);
            state = (string?)await command.ExecuteScalarAsync(cancellationToken);
        }
        if (state is null)
        {
            var job = await GetAsync(id, tenant, cancellationToken);
            return job is null ? (CancelOutcome.NotFound, null) : (CancelOutcome.AlreadyFinished, job.State);
        }
        var cancelled = state == "cancelled";
        await AddEventAsync(id, cancelled ? "cancelled" : "cancel_requested", "Cancelled on request.", connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return cancelled ? (CancelOutcome.Cancelled, JobState.Cancelled) : (CancelOutcome.Requested, JobState.Running);
    }

    /// <summary>
    /// Ends a running job in <paramref name="state"/> and, in the same transaction, runs
    /// <paramref name="persist"/> (e.g. writing the probe onto the asset). Returns false, committing
    /// nothing, when the worker lost the job meanwhile.
    /// </summary>
    public async Task<bool> FinishAsync(
        Guid id, string worker, JobState state, string? error, object? result,
        TransactionWrite? persist,
        CancellationToken cancellationToken)
    {
        if (state is not (JobState.Completed or JobState.Failed or JobState.Cancelled))
            throw new ArgumentOutOfRangeException(nameof(state), state, "A job can only finish as completed, failed or cancelled.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            UPDATE jobs SET state = @state, error = @error, result = @result, lease_until = NULL,
                   progress = CASE WHEN @state = 'completed' THEN 1 ELSE progress END,
                   stage = CASE WHEN @state = 'completed' THEN 'done' ELSE stage END,
                   finished_at = now(), updated_at = now()
            WHERE id = @id AND state = 'running' AND worker = @worker
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("worker", worker);
            command.Parameters.AddWithValue("state", StateText(state));
            command.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
            command.Parameters.Add(new NpgsqlParameter("result", NpgsqlDbType.Jsonb)
            {
                Value = result is null ? DBNull.Value : JsonSerializer.Serialize(result, Json.PlatformJson.Options),
            });
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        }
        if (persist is not null) await persist(connection, transaction, cancellationToken);
        await AddEventAsync(id, StateText(state), error, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Hands a running job back to the queue after a transient failure, keeping the error for the record.</summary>
    public async Task ReleaseForRetryAsync(Guid id, string worker, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? state;
        // A job whose cancel was asked for is not handed back: it ends cancelled.
        await using (var command = new NpgsqlCommand("""
            UPDATE jobs SET state = CASE WHEN cancel_requested_at IS NULL THEN 'pending' ELSE 'cancelled' END,
                   finished_at = CASE WHEN cancel_requested_at IS NULL THEN NULL ELSE now() END,
                   error = @error, lease_until = NULL, worker = NULL, updated_at = now()
            WHERE id = @id AND state = 'running' AND worker = @worker
            RETURNING state
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("worker", worker);
            command.Parameters.AddWithValue("error", error);
            state = (string?)await command.ExecuteScalarAsync(cancellationToken);
            if (state is null) return;
        }
        await AddEventAsync(id, state == "cancelled" ? "cancelled" : "retry", error, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Fails an unfinished job whatever worker had it: used when the queue dead-letters its message.
    /// <paramref name="persist"/> runs in the same transaction, only if the job was still unfinished.</summary>
    public async Task<bool> FailUnfinishedAsync(Guid id, string reason,
        TransactionWrite? persist, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            UPDATE jobs SET state = 'failed', error = @reason, lease_until = NULL, finished_at = now(), updated_at = now()
            WHERE id = @id AND state IN ('pending', 'running')
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("reason", reason);
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        }
        if (persist is not null) await persist(connection, transaction, cancellationToken);
        await AddEventAsync(id, "failed", reason, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Jobs that should be moving but have not for <paramref name="grace"/>: pending since before it,
    /// or running under a lease that expired before it.
    /// </summary>
    public async Task<IReadOnlyList<UnfinishedJob>> FindStalledAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, kind, queue_message_id FROM jobs
            WHERE (state = 'pending' AND coalesce(enqueued_at, updated_at) < now() - @grace)
               OR (state = 'running' AND lease_until < now() - @grace)
            ORDER BY created_at LIMIT 500
            """);
        command.Parameters.AddWithValue("grace", grace);
        var jobs = new List<UnfinishedJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            jobs.Add(new UnfinishedJob(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return jobs;
    }

    /// <summary>The tenant's oldest pending or running job of <paramref name="kind"/>, if any (e.g. a backfill already under way).</summary>
    public async Task<Job?> FindUnfinishedAsync(string kind, Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM jobs WHERE kind = @kind AND tenant_id = @tenant_id AND state IN ('pending', 'running') ORDER BY created_at LIMIT 1");
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("tenant_id", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Running jobs first, then pending ones, most recently moved first: what an operator watches.</summary>
    public async Task<IReadOnlyList<Job>> ListActiveAsync(TenantScope tenant, int limit, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT {Columns} FROM jobs WHERE state IN ('pending', 'running') AND {TenantScope.Sql()}
            ORDER BY state = 'running' DESC, updated_at DESC LIMIT @limit
            """));
        command.Parameters.AddWithValue("limit", limit);
        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) jobs.Add(Read(reader));
        return jobs;
    }

    /// <summary>Jobs per state, and how many finished successfully in the last minute and hour (throughput).</summary>
    public async Task<JobStatistics> GetStatisticsAsync(TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT state, count(*),
                   count(*) FILTER (WHERE state = 'completed' AND finished_at > now() - interval '1 minute'),
                   count(*) FILTER (WHERE state = 'completed' AND finished_at > now() - interval '1 hour')
            FROM jobs WHERE {TenantScope.Sql()} GROUP BY state
            """));
        var byState = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        long lastMinute = 0, lastHour = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            byState[Enum.Parse<JobState>(reader.GetString(0), ignoreCase: true)] = reader.GetInt64(1);
            lastMinute += reader.GetInt64(2);
            lastHour += reader.GetInt64(3);
        }
        return new JobStatistics(byState, lastMinute, lastHour);
    }

    private static async Task AddEventAsync(Guid id, string type, string? message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken, string? data = null)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO job_events (job_id, type, message, data) VALUES (@id, @type, @message, @data)", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("message", (object?)message ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = (object?)data ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string StateText(JobState state) => state.ToString().ToLowerInvariant();

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static Job Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.IsDBNull(1) ? null : r.GetGuid(1),
        r.GetString(2),
        Enum.Parse<JobState>(r.GetString(3), ignoreCase: true),
        r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : ParseJson(r.GetString(6)),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.GetFloat(8),
        r.GetFieldValue<DateTimeOffset>(9),
        r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        r.GetBoolean(13),
        r.IsDBNull(14) ? null : ParseJson(r.GetString(14)),
        r.GetGuid(15));
}
