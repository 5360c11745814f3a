using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using BudgetMesh.Testing.Network;

namespace BudgetMesh.Reliability.Tests.Network;

/// <summary>
/// The partition the Reconciler scenario uses (tests/BudgetMesh.Testing/Network/IsolatedHost.cs): a process in a
/// network namespace reaches its database and peers and the broker through the veth pair; cutting the broker off
/// stops its packets to the broker, on an open connection too, while the rest stays reachable; reconnecting lets the
/// held data through on the same connection.
/// </summary>
public sealed class IsolatedHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [NetworkNamespaceFact]
    public async Task Cutting_the_broker_off_drops_only_the_namespaces_packets_to_the_broker_until_it_is_reconnected()
    {
        await using var peer = EchoServer.Start();
        await using var broker = EchoServer.Start();
        var served = BudgetMesh.Testing.ServiceProcess.FreePort();
        await using var host = await IsolatedHost.CreateAsync([peer.Port], [broker.Port], [served]);

        Assert.Equal($"amqp://u:p@{host.BrokerAddress}:{broker.Port}/v", host.Translate($"amqp://u:p@127.0.0.1:{broker.Port}/v"));
        Assert.Equal($"Host={host.HostAddress}:{peer.Port},{host.HostAddress}:7;Port=1", host.Translate($"Host=localhost:{peer.Port},127.0.0.1:7;Port=1"));

        await using var agent = Agent.Start(host);
        await agent.SayAsync($"serve {host.Address} {served}", "serving");

        // This host reaches the process inside on its own loopback, through the relay.
        Assert.Equal("hello", await EchoOnceAsync(new IPEndPoint(IPAddress.Loopback, served), "hello"));

        await agent.SayAsync($"open b {host.BrokerAddress} {broker.Port}", "opened b");
        await agent.SayAsync($"open p {host.HostAddress} {peer.Port}", "opened p");
        await agent.SayAsync("send b one", "echo b one");
        await agent.SayAsync("send p one", "echo p one");

        await host.CutOffBrokerAsync();
        Assert.True(host.BrokerCutOff);
        // A new connection to the broker fails at once; the peer still answers on its open connection.
        Assert.StartsWith("refused", await agent.AskAsync($"dial {host.BrokerAddress} {broker.Port}", "refused", "dialled"), StringComparison.Ordinal);
        await agent.SayAsync("send p two", "echo p two");
        Assert.Equal("world", await EchoOnceAsync(new IPEndPoint(IPAddress.Loopback, served), "world"));
        // On the open broker connection the data is held by the kernel, never sent: the socket reports it waiting.
        await agent.SayAsync("send b two", "sent b");
        await WaitForAsync(async () => await HeldTowardsAsync(host) is var sockets
            && (sockets.Contains("notsent:", StringComparison.Ordinal) || sockets.Contains("unacked:", StringComparison.Ordinal)), "the broker connection's data held in the namespace");

        await host.ReconnectBrokerAsync();
        Assert.False(host.BrokerCutOff);
        // The same connection carries on: what was held arrives, nothing was closed.
        await agent.ExpectAsync("echo b two");
        Assert.Equal("dialled", await agent.AskAsync($"dial {host.BrokerAddress} {broker.Port}", "refused", "dialled"));
        // The refused dial never reached this host: the broker's relay saw the first connection and the last one only.
        await WaitForAsync(() => Task.FromResult(host.BrokerConnections == 2), "two broker connections through the relay");
    }

    [Fact]
    public void The_loopback_ports_a_service_is_configured_with_are_found_in_its_settings() =>
        Assert.Equal([6, 7, 8, 9, 5672, 5673], IsolatedHost.LoopbackPorts([
            "Host=127.0.0.1:7,127.0.0.1:8;Database=d;Target Session Attributes=primary",
            "Host=127.0.0.1;Port=6;Username=u",
            "amqp://u:p@127.0.0.1:5672/v,amqp://u:p@localhost:5673/v",
            "http://127.0.0.1:9,http://127.0.0.1:8",
            "Warning",
        ]));

    [NetworkNamespaceFact]
    public async Task Disposing_removes_the_namespace_and_its_link()
    {
        string name;
        await using (var host = await IsolatedHost.CreateAsync([], [], []))
        {
            name = host.Name;
            Assert.Contains(name, await RunAsync("ip", "netns", "list"), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(name, await RunAsync("ip", "netns", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain("bmfh" + name.Split('-')[^1] + "@", await RunAsync("ip", "-o", "link", "show"), StringComparison.Ordinal);
    }

    private static async Task<string> HeldTowardsAsync(IsolatedHost host) =>
        await RunAsync("ip", "netns", "exec", host.Name, "ss", "-tni", "dst", host.BrokerAddress.ToString());

    private static async Task<string> EchoOnceAsync(IPEndPoint endpoint, string text)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(Patience);
        await client.ConnectAsync(endpoint, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\n"), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(timeout.Token) ?? string.Empty;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Patience, $"not seen within {Patience.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        output += await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>Lines back, as they come: a test stand-in for the broker or a peer on this host's loopback.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _accepting = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static EchoServer Start()
        {
            var server = new EchoServer();
            server._listener.Start();
            server._accepting = server.AcceptAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        using var reader = new StreamReader(stream, Encoding.ASCII);
                        while (await reader.ReadLineAsync(_stop.Token) is { } line)
                        {
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"), _stop.Token);
                        }
                    }
                });
            }
        }
    }

    /// <summary>A small Python process inside the namespace that opens, uses and serves connections on command.</summary>
    private sealed class Agent : IAsyncDisposable
    {
        private const string Script = """
            import socket, sys, threading
            conns = {}
            def out(text):
                sys.stdout.write(text + "\n"); sys.stdout.flush()
            def read(name, sock):
                f = sock.makefile("r")
                for line in f:
                    out("echo " + name + " " + line.strip())
            def echo(sock):
                f = sock.makefile("rw")
                for line in f:
                    f.write(line); f.flush()
            def serve(host, port):
                server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                server.bind((host, port)); server.listen()
                out("serving")
                while True:
                    client, _ = server.accept()
                    threading.Thread(target=echo, args=(client,), daemon=True).start()
            for command in sys.stdin:
                words = command.split()
                if words[0] == "serve":
                    threading.Thread(target=serve, args=(words[1], int(words[2])), daemon=True).start()
                elif words[0] == "open":
                    sock = socket.create_connection((words[2], int(words[3])), timeout=10); sock.settimeout(None)
                    conns[words[1]] = sock
                    threading.Thread(target=read, args=(words[1], sock), daemon=True).start()
                    out("opened " + words[1])
                elif words[0] == "send":
                    conns[words[1]].sendall((words[2] + "\n").encode()); out("sent " + words[1])
                elif words[0] == "dial":
                    try:
                        socket.create_connection((words[1], int(words[2])), timeout=10).close(); out("dialled")
                    except OSError as error:
                        out("refused " + str(error.errno))
            """;

        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        private Agent(Process process) => _process = process;

        public static Agent Start(IsolatedHost host)
        {
            var launch = host.Launch("/usr/bin/python3", "-u", "-c", Script);
            var info = new ProcessStartInfo(launch[0], launch.Skip(1)) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            var agent = new Agent(Process.Start(info)!);
            agent._process.OutputDataReceived += (_, e) => { if (e.Data is not null) { agent._lines.Writer.TryWrite(e.Data); } };
            agent._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { agent._lines.Writer.TryWrite("stderr: " + e.Data); } };
            agent._process.BeginOutputReadLine();
            agent._process.BeginErrorReadLine();
            return agent;
        }

        public async Task SayAsync(string command, string expected)
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            await ExpectAsync(expected);
        }

        /// <summary>Sends a command and returns the first line that starts with one of <paramref name="answers"/>.</summary>
        public async Task<string> AskAsync(string command, params string[] answers)
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await NextAsync(line => answers.Any(a => line.StartsWith(a, StringComparison.Ordinal)), string.Join(" or ", answers));
        }

        public Task ExpectAsync(string expected) => NextAsync(line => line == expected, expected);

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private async Task<string> NextAsync(Func<string, bool> match, string what)
        {
            var seen = new StringBuilder();
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                while (true)
                {
                    var line = await _lines.Reader.ReadAsync(timeout.Token);
                    if (match(line))
                    {
                        return line;
                    }

                    Assert.DoesNotContain("stderr: Traceback", line, StringComparison.Ordinal);
                    seen.AppendLine(line);
                }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"the namespace agent did not say '{what}' within {Patience.TotalSeconds} s; it said:\n{seen}"));
                throw;
            }
        }
    }
}
