-- The nearby search's index, cheaper to maintain: a GiST on the built-in point (longitude, latitude) replaces the GiST
-- on earthdistance's cube. Measured on a first sync of 81,383 devices: the cube index alone added 1.3 s to the insert,
-- the point index 0.25 s (docs/benchmarks.md). Distances stay earthdistance's great-circle metres; the index only
-- serves the prefilter, the box below, which holds every point within the radius.
DROP INDEX devices_earth_idx;
CREATE INDEX devices_location_idx ON devices USING gist (point(longitude, latitude)) WHERE latitude IS NOT NULL;

-- The smallest latitude/longitude box holding every point within radius_meters (great-circle, on earthdistance's
-- sphere of public.earth() metres) of the centre: latitude ± r/R, longitude ± asin(sin(r/R) / cos(latitude)).
-- Exact on the sphere, plus a hair for floating point; valid away from the poles (Korea is at 33-39°N).
CREATE FUNCTION nearby_box(latitude double precision, longitude double precision, radius_meters double precision)
    RETURNS box LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT box(point(longitude - d_lon, latitude - d_lat), point(longitude + d_lon, latitude + d_lat))
      FROM (SELECT degrees(radius_meters / public.earth()) + 1e-9 AS d_lat,
                   degrees(asin(least(1, sin(radius_meters / public.earth()) / cos(radians(latitude))))) + 1e-9
                       AS d_lon) AS half
$$;
