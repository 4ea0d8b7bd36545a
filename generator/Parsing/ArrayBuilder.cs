using System;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// Fills an array of a known most-likely size (the JSON member or item count) and hands it to an
/// <see cref="EquatableArray{T}"/> without a copy unless items were skipped.
/// </summary>
internal struct ArrayBuilder<T>
    where T : IEquatable<T>
{
    private readonly T[] _items;
    private int _count;

    public ArrayBuilder(int capacity)
    {
        _items = capacity == 0 ? Array.Empty<T>() : new T[capacity];
        _count = 0;
    }

    /// <summary>Adds an item; never more than the capacity (one per JSON member or item).</summary>
    public void Add(T item) => _items[_count++] = item;

    public EquatableArray<T> ToEquatableArray() => _count == 0 ? EquatableArray<T>.Empty : new EquatableArray<T>(Trimmed());

    public EquatableArray<T> ToSortedEquatableArray(Comparison<T> comparison)
    {
        if (_count == 0)
        {
            return EquatableArray<T>.Empty;
        }

        var items = Trimmed();
        Ordering.Sort(items, comparison);
        return new EquatableArray<T>(items);
    }

    private T[] Trimmed()
    {
        if (_count == _items.Length)
        {
            return _items;
        }

        var trimmed = new T[_count];
        Array.Copy(_items, trimmed, _count);
        return trimmed;
    }
}
