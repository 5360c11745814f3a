using System.Globalization;

namespace BudgetMesh.Bench;

/// <summary>
/// CPU seconds of a process and all its descendants from /proc, so a phase can be
/// broken down by where the CPU went: each service, PostgreSQL's backends, RabbitMQ's VM and the bench itself.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public static double TreeSeconds(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name may contain spaces and parentheses: fields start after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                // utime, stime, and cutime, cstime: what already-ended children (e.g. PostgreSQL backends) used.
                cpu[pid] = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        var total = 0.0;
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            total += cpu.GetValueOrDefault(pid);
            foreach (var (child, parent) in parents)
            {
                if (parent == pid)
                {
                    pending.Push(child);
                }
            }
        }

        return total;
    }
}
