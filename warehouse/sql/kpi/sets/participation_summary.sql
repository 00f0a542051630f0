-- Participations in counted activities, summed up per year, scope, first as-of point (the
-- activity's first_point: as_of_points) and two properties of the participation: whether its
-- activity is international (activity_facts.international: G4.international_activities) and
-- whether it compares regions (the activity has a host region and the organisation is Danish with a
-- region: G3.outside_region_pct). One pass over the participations serves every KPI that counts
-- distinct organisations; a KPI reading one kind of row (e.g. WHERE international) lets DuckDB
-- filter the participations before the joins when it is computed alone (kpi_monthly).
--
-- `participants` is the set of organisations with such a participation, as a bitstring over
-- org_key, the organisation's integer key (docs/loading.md, "Keys"; the bit at org_key -
-- $org_key_min is set; $org_key_min and $org_key_max are the smallest and largest key). bit_or of
-- two sets is their union, and bit_count(<set> & <bitstring of the organisations of one kind>) the
-- number of distinct organisations of that kind in it: no hash table per (year, scope,
-- organisation), which count(DISTINCT org_id) over millions of participations needs.
WITH counted_participations AS (
    SELECT
        a.year,
        a.scope,
        a.first_point,
        a.international,
        a.host_region IS NOT NULL AND o.country = 'DK' AND o.region IS NOT NULL
            AS region_compared,
        o.region <> a.host_region AS outside_host_region,
        o.org_key
    FROM participations AS pa
    INNER JOIN counted_activities AS a ON a.activity_key = pa.activity_key
    INNER JOIN organisations AS o ON o.org_key = pa.org_key
),

final AS (
    SELECT
        year,
        scope,
        first_point,
        international,
        region_compared,
        bitstring_agg(org_key, $org_key_min, $org_key_max) AS participants,
        count(*) AS participations,
        -- of region-comparing participations: the organisation's region is not the host region
        count(*) FILTER (WHERE outside_host_region) AS outside_participations
    FROM counted_participations
    GROUP BY year, scope, first_point, international, region_compared
)

SELECT * FROM final
