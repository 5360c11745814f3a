using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using BudgetMesh.Testing.Processes;

namespace BudgetMesh.Testing;

/// <summary>
/// The website as a throwaway nginx (deploy/website/nginx.conf.template) on a free port in a temp dir: the public
/// reads <see cref="BaseUrl"/>, the publisher writes below <see cref="WriteUrl"/> with <see cref="Username"/> and
/// <see cref="Password"/>. <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> keep port and files, for tests
/// of a website that is down. Like the other servers, it never outlives the test process (exit hook and watchdog).
/// </summary>
public sealed class NginxWebsite : IAsyncDisposable, IControlledServer
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly ServerControl control = new(refuse: null);
    private readonly string template;
    private Process? process;

    private NginxWebsite(string directory, string template, int port)
    {
        Directory = directory;
        this.template = template;
        Port = port;
        Password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
    }

    public int Port { get; private set; }

    public string Username => "publisher";

    public string Password { get; }

    /// <summary>The temp dir holding the config, pid file, logs and <see cref="Root"/>.</summary>
    public string Directory { get; }

    /// <summary>The site's files on disk.</summary>
    public string Root => Path.Combine(Directory, "www");

    /// <summary>What the public reads, e.g. http://127.0.0.1:PORT/.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The WebDAV write location (basic auth).</summary>
    public Uri WriteUrl => new(BaseUrl, "dav/");

    /// <summary>The master process while running.</summary>
    public int? Pid => process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts a website; <paramref name="templatePath"/> defaults to the repository's deploy/website/nginx.conf.template.</summary>
    public static async Task<NginxWebsite> StartAsync(string? templatePath = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"nginx is not installed ({Binary} is missing): run `apt-get install -y nginx-extras`.");
        }

        var template = templatePath ?? FindTemplate();
        var directory = LocalServers.CreateDirectory("budgetmesh-nginx-").FullName;
        var website = new NginxWebsite(directory, template, FreePort.Next());
        await ServerControl.StartNewAsync(website, ["nginx.pid"], async () =>
        {
            System.IO.Directory.CreateDirectory(website.Root);
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "temp"));
            var hash = (await Command.RunCheckedAsync("openssl", ["passwd", "-apr1", website.Password], null, TimeSpan.FromSeconds(10), cancellationToken)).Trim();
            await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), $"{website.Username}:{hash}\n", cancellationToken);
        }, cancellationToken);
        return website;
    }

    /// <summary>Orderly shutdown (SIGQUIT, as `nginx -s quit`); files and port stay for <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be stopped", async () =>
    {
        if (process is not { } running)
        {
            return;
        }

        var tree = ProcessTree.Collect([running.Id]);
        ProcessTree.Signal(running.Id, 3);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await running.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ProcessTree.KillTree([running.Id]);
        }

        await ProcessTree.WaitUntilGoneAsync(tree, TimeSpan.FromSeconds(10), cancellationToken);
        running.Dispose();
        process = null;
    }, cancellationToken);

    /// <summary>Starts it again on the same port with the same files.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be started again", async () =>
    {
        if (process is null)
        {
            await StartProcessAsync(cancellationToken);
        }
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        LocalServers.Unregister(this);
        var killed = ProcessTree.KillTree(((ILocalServer)this).RootPids());
        await ProcessTree.WaitUntilGoneAsync(killed, TimeSpan.FromSeconds(10), CancellationToken.None);
        process?.Dispose();
        process = null;
        LocalServers.DeleteDirectory(Directory);
    }

    IEnumerable<int> ILocalServer.RootPids()
    {
        int?[] candidates = [process is { } p ? SafeId(p) : null, ServerControl.ReadPidFile(Path.Combine(Directory, "nginx.pid"))];
        return candidates.OfType<int>().Distinct();
    }

    Task IControlledServer.StartProcessAsync(CancellationToken cancellationToken) => StartProcessAsync(cancellationToken);

    Task IControlledServer.KillAndDeleteAsync() => DisposeAsync().AsTask();

    Task IControlledServer.UseNewPortsAsync()
    {
        Port = FreePort.Next();
        return Task.CompletedTask;
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var config = Path.Combine(Directory, "nginx.conf");
        // As root the workers would otherwise run as nobody and could not write the site.
        var text = (await File.ReadAllTextAsync(template, cancellationToken))
            .Replace("@@USER@@", ProcessTree.IsRoot ? "user root;" : string.Empty, StringComparison.Ordinal)
            .Replace("@@PREFIX@@", Directory, StringComparison.Ordinal)
            .Replace("@@LISTEN@@", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
            .Replace("@@ROOT@@", Root, StringComparison.Ordinal)
            .Replace("@@HTPASSWD@@", Path.Combine(Directory, "htpasswd"), StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text, cancellationToken);

        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", Directory, "-c", config, "-e", Path.Combine(Directory, "error.log"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(argument);
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException("Could not start nginx.");
        started.StandardInput.Close();
        _ = started.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = started.StandardError.ReadToEndAsync(CancellationToken.None);
        process = started;

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (started.HasExited)
            {
                process = null;
                throw new InvalidOperationException($"nginx exited with {started.ExitCode}: {await errors}\n{ReadLogTail()}");
            }

            if (await AcceptsAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"nginx did not listen on {Port} within 15 s.\n{ReadLogTail()}");
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int? SafeId(Process p)
    {
        try
        {
            return p.HasExited ? null : p.Id;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private string ReadLogTail()
    {
        try
        {
            return string.Join('\n', File.ReadAllLines(Path.Combine(Directory, "error.log")).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static string FindTemplate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "website", "nginx.conf.template");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("deploy/website/nginx.conf.template not found above " + AppContext.BaseDirectory);
    }
}
