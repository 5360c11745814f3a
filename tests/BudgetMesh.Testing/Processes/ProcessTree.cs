using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace BudgetMesh.Testing.Processes;

/// <summary>Signals and inspects process trees through /proc (Linux only, like the servers themselves).</summary>
internal static partial class ProcessTree
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static bool IsRoot => GetEuid() == 0;

    public static void Signal(int pid, int signal) => _ = SysKill(pid, signal);

    /// <summary>
    /// Alive means running: a zombie counts as gone, because on machines whose init does not reap
    /// (this one's does not) a killed daemon stays a zombie forever although it holds nothing any more.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        var state = ReadStat(pid)?.State;
        return state is not null and not 'Z' and not 'X';
    }

    /// <summary>The roots and all their descendants. Daemons like postgres backends and erl_child_setup
    /// call setsid(), so a process-group kill would miss them; the parent links do not.</summary>
    public static IReadOnlyList<int> Collect(IEnumerable<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ReadStat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.ParentPid, out var list))
                {
                    children[stat.ParentPid] = list = [];
                }

                list.Add(pid);
            }
        }

        var result = new List<int>();
        var todo = new Queue<int>(roots.Where(IsAlive));
        while (todo.TryDequeue(out var pid))
        {
            if (result.Contains(pid))
            {
                continue;
            }

            result.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                todo.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>SIGKILL to the whole tree, twice, so a child forked while we listed the tree dies too.</summary>
    public static IReadOnlyList<int> KillTree(IEnumerable<int> roots)
    {
        var rootList = roots.ToList();
        var all = Collect(rootList).ToList();
        foreach (var pid in all)
        {
            Signal(pid, SigKill);
        }

        foreach (var pid in Collect(all))
        {
            Signal(pid, SigKill);
            if (!all.Contains(pid))
            {
                all.Add(pid);
            }
        }

        return all;
    }

    public static async Task WaitUntilGoneAsync(IEnumerable<int> pids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var list = pids.ToList();
        var watch = Stopwatch.StartNew();
        while (list.Any(IsAlive))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Processes still running after {timeout}: {string.Join(", ", list.Where(IsAlive))}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Used only on the process-exit path, where nothing may be awaited.</summary>
    public static void WaitUntilGone(IEnumerable<int> pids, TimeSpan timeout)
    {
        var list = pids.ToList();
        var watch = Stopwatch.StartNew();
        while (list.Any(IsAlive) && watch.Elapsed < timeout)
        {
            Thread.Sleep(20);
        }
    }

    public static IEnumerable<int> ChildrenOf(int parentPid) =>
        Collect([parentPid]).Where(pid => ReadStat(pid)?.ParentPid == parentPid);

    public static string? CommandName(int pid) => ReadStat(pid)?.Command;

    private static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so cut at the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var rest = text[(close + 2)..].Split(' ');
        return new Stat(text[(open + 1)..close], rest[0][0], int.Parse(rest[1], CultureInfo.InvariantCulture));
    }

    private sealed record Stat(string Command, char State, int ParentPid);
}
