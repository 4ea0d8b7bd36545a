using System;
using System.Collections.Generic;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// Sorts that first check, in one pass, whether the items are already strictly ascending (discovery documents mostly
/// list schemas, methods and resources in order), and sort only when they are not. Strictly: with two equal items the
/// sort runs as before, so the result is always exactly what <see cref="Array.Sort{T}(T[], Comparison{T})"/> gives.
/// </summary>
internal static class Ordering
{
    public static void Sort<T>(T[] items, Comparison<T> comparison)
    {
        if (!IsStrictlyAscending(items, items.Length, comparison))
        {
            Array.Sort(items, comparison);
        }
    }

    public static void Sort<T>(List<T> items, Comparison<T> comparison)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (comparison(items[i - 1], items[i]) >= 0)
            {
                items.Sort(comparison);
                return;
            }
        }
    }

    private static bool IsStrictlyAscending<T>(T[] items, int count, Comparison<T> comparison)
    {
        for (var i = 1; i < count; i++)
        {
            if (comparison(items[i - 1], items[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
