"use client";

import { ScrollRegion } from "@/components/ui/scroll-region";
import { correlationColour } from "./histogram-series";

/** Pearson correlations between numeric features as a coloured matrix (blue positive, red negative). */
export const CorrelationHeatmap = ({ features, matrix }: { features: string[]; matrix: (number | null)[][] }) => (
  <ScrollRegion label="Correlation matrix">
    <table className="border-separate border-spacing-0.5 text-xs" data-testid="correlation-heatmap">
      <caption className="sr-only">Pearson correlations between numeric features</caption>
      <thead>
        <tr>
          <td />
          {features.map((name) => (
            <th key={name} scope="col" className="max-w-24 truncate px-1 font-mono font-normal text-slate-700">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={features[i]}>
            <th scope="row" className="max-w-32 truncate pr-2 text-left font-mono font-normal text-slate-700">
              {features[i]}
            </th>
            {row.map((r, j) => (
              <td
                key={features[j]}
                className="size-10 text-center font-mono tabular-nums text-slate-900"
                style={{ background: correlationColour(r) }}
                title={`${features[i]} × ${features[j]}`}
              >
                {r === null ? "—" : r.toFixed(2)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </ScrollRegion>
);
