using System.Diagnostics;

namespace BudgetMesh.Testing.Processes;

/// <summary>
/// A detached shell that outlives a test process killed with SIGKILL (where no .NET code runs): it polls the
/// test process every second and, once it is gone, kills the server trees named in pid files and deletes
/// the server's temp dir. It leaves quietly when the directory disappears (orderly teardown did the work).
/// </summary>
internal static class Watchdog
{
    // A pid counts only if its command line or environment names our directory, so a stale pid file can
    // never make the watchdog kill an unrelated process that reused the pid.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        parent=$1; dir=$2; shift 2
        # A parent that is dead but not yet reaped (a zombie) still answers kill -0.
        alive() { kill -0 "$1" 2>/dev/null && [ "$(s=$(<"/proc/$1/stat"); s=${s##*) }; echo "${s%% *}")" != Z ]; }
        while alive "$parent" && [ -d "$dir" ]; do sleep 1; done
        [ -d "$dir" ] || exit 0
        tree() {
          local -A kids=()
          local f s p st pp todo out q
          for f in /proc/[0-9]*/stat; do
            s=$(<"$f") || continue
            p=${f#/proc/}; p=${p%/stat}
            read -r st pp _ <<<"${s##*) }"
            kids[$pp]+=" $p"
          done
          todo="$*"; out=""
          while [ -n "${todo// /}" ]; do
            set -- $todo; q=$1; shift; todo="$*"
            out="$out $q"; todo="$todo ${kids[$q]}"
          done
          echo $out
        }
        for round in 1 2; do
          roots=""
          for file in "$@"; do
            p=$(head -n1 "$dir/$file" 2>/dev/null) || continue
            case "$p" in ''|*[!0-9]*) continue ;; esac
            grep -qsF -- "$dir" "/proc/$p/cmdline" "/proc/$p/environ" && roots="$roots $p"
          done
          [ -n "$roots" ] && kill -9 $(tree $roots)
          sleep 0.2
        done
        rm -rf -- "$dir"
        """;

    public static void Start(string directory, params string[] pidFiles)
    {
        foreach (var tool in new[] { "/usr/bin/setsid", "/bin/bash" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: run `apt-get install -y util-linux bash`.");
            }
        }

        var info = new ProcessStartInfo("/usr/bin/setsid")
        {
            // Our own pipes instead of the test host's stdout: a detached process holding the runner's
            // output pipe would keep `dotnet test` waiting after the test process ends.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "/bin/bash", "-c", Script, "budgetmesh-watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), directory }.Concat(pidFiles))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server watchdog.");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
    }
}
