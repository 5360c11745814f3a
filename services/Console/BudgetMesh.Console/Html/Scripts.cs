using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.Html;

/// <summary>
/// The console's only script. It refreshes the queue's rows and counts in place, and skips a round while the
/// operator is in the table or has ticked a row, so nothing typed, focused or selected is ever lost.
/// </summary>
internal static class Scripts
{
    private const string Console = """
        'use strict';
        (() => {
          const table = document.getElementById('submissions');
          const body = document.getElementById('queue-body');
          const counts = document.getElementById('queue-counts');
          const updated = document.getElementById('queue-updated');
          if (!table || !body || !counts) return;
          const seconds = Number(table.dataset.refreshSeconds) || 15;
          const refresh = async () => {
            if (document.hidden || table.contains(document.activeElement) || body.querySelector('input:checked')) return;
            const url = new URL(window.location.href);
            url.searchParams.set('partial', '1');
            try {
              const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
              if (!response.ok) return;
              const part = await response.json();
              if (table.contains(document.activeElement) || body.querySelector('input:checked')) return;
              body.innerHTML = part.rows;
              counts.innerHTML = part.counts;
              if (updated) updated.textContent = part.updated;
            } catch {
              if (updated) updated.textContent = '暂时无法更新列表，稍后自动重试';
            }
          };
          window.setInterval(refresh, seconds * 1000);
        })();
        """;

    public static IResult Serve(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Text(Console, "text/javascript; charset=utf-8");
    }
}
