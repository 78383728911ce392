// The offline basemap: Natural Earth 1:50m countries from the npm package
// world-atlas (TopoJSON), converted to GeoJSON in the browser with
// topojson-client. Bundled into dist/ as its own chunk: no tile server and
// no network at run time.
import type { FeatureCollection, MultiLineString } from "geojson";
import type { GeometryCollection, Topology } from "topojson-specification";

export interface Basemap {
  land: FeatureCollection;
  borders: MultiLineString;
}

export async function loadBasemap(): Promise<Basemap> {
  const [{ feature, mesh }, atlas] = await Promise.all([
    import("topojson-client"),
    import("world-atlas/countries-50m.json"),
  ]);
  // The JSON module's inferred type is too literal for topojson's types.
  const topo = (atlas.default ?? atlas) as unknown as Topology;
  const countries = topo.objects["countries"] as GeometryCollection;
  const land = feature(topo, countries) as unknown as FeatureCollection;
  // Shared edges only: each border drawn once.
  const borders = mesh(topo, countries, (a, b) => a !== b) as MultiLineString;
  return { land, borders };
}
