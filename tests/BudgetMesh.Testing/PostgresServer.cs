using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Testing.Processes;
using Npgsql;

namespace BudgetMesh.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a free port in a temp dir, or the superuser connection in
/// <c>BUDGETMESH_TEST_POSTGRES</c> when set (then nothing is started, stopped or controlled).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable, IControlledServer
{
    public const string EnvironmentVariable = "BUDGETMESH_TEST_POSTGRES";
    private const string SuperUser = "budgetmesh";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => CreateSharedAsync());

    private readonly PostgresBinaries? binaries;
    private readonly ServerControl control;
    private readonly bool isShared;
    private int? pid;

    private PostgresServer(string adminConnectionString, PostgresBinaries? binaries, string? directory, bool isShared)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString);
        // Admin statements (CREATE/DROP DATABASE) on fresh connections: a pooled one may point at a server
        // that a fault test killed a moment ago.
        builder.Pooling = false;
        AdminConnectionString = builder.ConnectionString;
        Host = builder.Host ?? "127.0.0.1";
        Port = builder.Port;
        Username = builder.Username ?? SuperUser;
        this.binaries = binaries;
        Directory = directory;
        this.isShared = isShared;
        control = new ServerControl(binaries is null ? ExternalCannot : null);
    }

    public string Host { get; }

    public int Port { get; private set; }

    public string Username { get; }

    /// <summary>Superuser connection to the <c>postgres</c> database (or to what the environment variable names).</summary>
    public string AdminConnectionString { get; private set; }

    /// <summary>True when the server came from <c>BUDGETMESH_TEST_POSTGRES</c>.</summary>
    public bool IsExternal => binaries is null;

    /// <summary>The postmaster's pid while running; null when stopped or external.</summary>
    public int? Pid => pid;

    /// <summary>The temp dir holding the cluster (<c>data/</c>) and its log; null when external.</summary>
    public string? Directory { get; }

    /// <summary>How long the last <c>pg_ctl -w start</c> took (initdb not included).</summary>
    public TimeSpan LastStartDuration { get; private set; }

    public string DataDirectory => Path.Combine(Directory ?? throw ExternalCannot("has no data directory"), "data");

    /// <summary>The per-process server every fixture uses; started on first call.</summary>
    public static Task<PostgresServer> GetSharedAsync(CancellationToken cancellationToken = default) =>
        Shared.Value.WaitAsync(cancellationToken);

    /// <summary>A server of its own, always local, for tests that stop or kill it. Dispose it.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartLocalAsync(PostgresBinaries.Default, isShared: false, cancellationToken);

    internal static Task<PostgresServer> StartAsync(PostgresBinaries binaries, CancellationToken cancellationToken) =>
        StartLocalAsync(binaries, isShared: false, cancellationToken);

    /// <summary>A connection string to <paramref name="database"/> on this server as the superuser, pooled.</summary>
    public string ConnectionStringFor(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true };
        return builder.ConnectionString;
    }

    /// <summary>Creates an empty database with a unique name and returns the name.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return name;
    }

    /// <summary>Drops the database, ending any session still connected to it.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionStringFor(name)));
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", cancellationToken);
    }

    /// <summary>Orderly shutdown (<c>pg_ctl stop -m fast</c>); the data directory stays for <see cref="RestartAsync"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be stopped", async () =>
    {
        if (pid is null)
        {
            return;
        }

        await RunAsPostgresAsync(binaries!.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
        pid = null;
    }, cancellationToken);

    /// <summary>SIGKILL to the postmaster and every backend at once, like a crash; returns when all are gone.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be killed", async () =>
    {
        if (pid is not { } running)
        {
            return;
        }

        var killed = ProcessTree.KillTree([running]);
        await ProcessTree.WaitUntilGoneAsync(killed, TimeSpan.FromSeconds(10), cancellationToken);
        RemoveStaleLockFiles();
        pid = null;
    }, cancellationToken);

    /// <summary>Starts the server again on the same port and data directory (after a stop or a kill, or stops it first).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        control.RestartAsync(StopAsync, () => StartProcessAsync(cancellationToken), cancellationToken);

    /// <summary>Kills and deletes a dedicated server. The shared one lives until the test process ends, so this is a no-op for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!isShared && !IsExternal)
        {
            await KillAndDeleteAsync();
        }
    }

    IEnumerable<int> ILocalServer.RootPids()
    {
        // The pid field may lag behind a start in progress; the lock file postgres writes itself does not.
        int?[] candidates = [pid, Directory is null ? null : ReadPostmasterPid()];
        return candidates.OfType<int>().Distinct();
    }

    private async Task KillAndDeleteAsync()
    {
        LocalServers.Unregister(this);
        var killed = ProcessTree.KillTree(((ILocalServer)this).RootPids());
        await ProcessTree.WaitUntilGoneAsync(killed, TimeSpan.FromSeconds(10), CancellationToken.None);
        pid = null;
        LocalServers.DeleteDirectory(Directory!);
    }

    private static async Task<PostgresServer> CreateSharedAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var builder = new NpgsqlConnectionStringBuilder(fromEnvironment);
            if (string.IsNullOrEmpty(builder.Database))
            {
                builder.Database = "postgres";
            }

            return new PostgresServer(builder.ConnectionString, binaries: null, directory: null, isShared: true);
        }

        return await StartLocalAsync(PostgresBinaries.Default, isShared: true, CancellationToken.None);
    }

    private static async Task<PostgresServer> StartLocalAsync(PostgresBinaries binaries, bool isShared, CancellationToken cancellationToken)
    {
        binaries.EnsureInstalled();
        var directory = LocalServers.CreateDirectory("budgetmesh-postgres-").FullName;
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={FreePort.Next()};Username={SuperUser};Database=postgres", binaries, directory, isShared);
        await ServerControl.StartNewAsync(server, ["data/postmaster.pid"], async () =>
        {
            if (ProcessTree.IsRoot)
            {
                // initdb and postgres refuse to run as root; the cluster belongs to the postgres user.
                await Command.RunCheckedAsync("chown", ["postgres:postgres", directory], null, TimeSpan.FromSeconds(10), cancellationToken);
            }

            // -N: skipping initdb's final fsync is safe here, fault tests kill processes, not the kernel.
            // UTF8 and C.UTF-8 so that Chinese text behaves the same on every machine.
            await server.RunAsPostgresAsync(
                binaries.InitDb,
                ["-D", server.DataDirectory, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--locale=C.UTF-8", "-N"],
                cancellationToken);
        }, cancellationToken);
        return server;
    }

    /// <summary>
    /// A streaming standby of <paramref name="primary"/> on a port of its own: <c>pg_basebackup -R</c> from the primary
    /// (whose default pg_hba lets loopback replicate), then started read-only, following the primary's WAL. Dispose it.
    /// </summary>
    public static async Task<PostgresServer> StartStandbyAsync(PostgresServer primary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var binaries = primary.binaries ?? throw ExternalCannot("cannot have a standby");
        var directory = LocalServers.CreateDirectory("budgetmesh-postgres-standby-").FullName;
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={FreePort.Next()};Username={SuperUser};Database=postgres", binaries, directory, isShared: false);
        await ServerControl.StartNewAsync(server, ["data/postmaster.pid"], async () =>
        {
            if (ProcessTree.IsRoot)
            {
                await Command.RunCheckedAsync("chown", ["postgres:postgres", directory], null, TimeSpan.FromSeconds(10), cancellationToken);
            }

            await server.RunAsPostgresAsync(
                Path.Combine(binaries.Directory, "pg_basebackup"),
                ["-h", "127.0.0.1", "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, "-D", server.DataDirectory, "-R", "-X", "stream", "-c", "fast"],
                cancellationToken);
        }, cancellationToken);
        return server;
    }

    /// <summary>Whether the server is a standby (in recovery); a fresh connection, so it also says whether it answers.</summary>
    public async Task<bool> IsStandbyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Promotes a standby to primary (<c>pg_ctl promote -w</c>): it takes writes once this returns.</summary>
    public Task PromoteAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be promoted", () =>
        RunAsPostgresAsync(binaries!.PgCtl, ["-D", DataDirectory, "-w", "-t", "60", "promote"], cancellationToken), cancellationToken);

    Task IControlledServer.StartProcessAsync(CancellationToken cancellationToken) => StartProcessAsync(cancellationToken);

    Task IControlledServer.KillAndDeleteAsync() => KillAndDeleteAsync();

    Task IControlledServer.UseNewPortsAsync()
    {
        Port = FreePort.Next();
        AdminConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Port = Port }.ConnectionString;
        return Task.CompletedTask;
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var bin = binaries!;
        // Speed without giving up durability (fault tests kill -9 and expect committed rows back):
        // fsync and synchronous_commit stay on; a smaller buffer pool starts faster; JIT only slows short queries.
        var options = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {Directory}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=on",
            "-c synchronous_commit=on",
            "-c full_page_writes=on",
            "-c shared_buffers=32MB",
            "-c max_connections=200",
            "-c jit=off",
            "-c max_wal_size=512MB",
            "-c log_min_messages=warning");
        var watch = Stopwatch.StartNew();
        await RunAsPostgresAsync(
            bin.PgCtl,
            ["-D", DataDirectory, "-l", Path.Combine(Directory!, "postgres.log"), "-o", options, "-w", "-t", "60", "start"],
            cancellationToken);
        pid = ReadPostmasterPid() ?? throw new InvalidOperationException($"PostgreSQL started but wrote no pid. Log: {ReadLogTail()}");
        LastStartDuration = watch.Elapsed;
    }

    private async Task RunAsPostgresAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            if (ProcessTree.IsRoot)
            {
                await Command.RunCheckedAsync("runuser", ["-u", "postgres", "--", tool, .. arguments], null, TimeSpan.FromSeconds(90), cancellationToken);
            }
            else
            {
                await Command.RunCheckedAsync(tool, arguments, null, TimeSpan.FromSeconds(90), cancellationToken);
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nServer log ({Directory}/postgres.log):\n{ReadLogTail()}", ex);
        }
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        // Database names are generated here or come from this class; they cannot be parameters in DDL.
#pragma warning disable CA2100
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private int? ReadPostmasterPid() => ServerControl.ReadPidFile(Path.Combine(DataDirectory, "postmaster.pid"));

    /// <summary>
    /// After a kill the lock files name a dead postmaster. Where init does not reap, that pid is a zombie
    /// that still answers kill(pid, 0), and postgres would refuse to start ("another postmaster running").
    /// </summary>
    private void RemoveStaleLockFiles()
    {
        File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
        File.Delete(Path.Combine(Directory!, $".s.PGSQL.{Port.ToString(CultureInfo.InvariantCulture)}.lock"));
    }

    private string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(Directory!, "postgres.log"));
            return string.Join('\n', lines.TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static InvalidOperationException ExternalCannot(string what) =>
        new($"The PostgreSQL server from {EnvironmentVariable} {what}: fault tests need a local one, use PostgresServer.StartAsync().");
}

/// <summary>Where the PostgreSQL programs live; tests point it elsewhere to check the missing-binaries message.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    public static PostgresBinaries Default { get; } = new("/usr/lib/postgresql/15/bin");

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public void EnsureInstalled()
    {
        foreach (var tool in new[] { InitDb, PgCtl, Path.Combine(Directory, "postgres") })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL 15 is not installed ({tool} is missing): run `apt-get install -y postgresql`, " +
                    $"or set {PostgresServer.EnvironmentVariable} to a superuser connection string.");
            }
        }

        if (ProcessTree.IsRoot && !File.ReadAllLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                "PostgreSQL refuses to run as root and there is no `postgres` user: run `apt-get install -y postgresql` (it creates the user).");
        }
    }
}
