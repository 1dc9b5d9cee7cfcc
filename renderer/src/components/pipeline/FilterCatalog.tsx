import type { Catalog, FilterInfo } from '../../api/types';
import './FilterCatalog.css';

interface Props {
  catalog: Catalog;
  disabled: boolean;
  onAdd(filter: FilterInfo): void;
}

/** Every step of the catalogue (geometry steps and filters), grouped by category; one button adds it to the end of the pipeline. */
export function FilterCatalog({ catalog, disabled, onAdd }: Props) {
  return (
    <section className="catalog card" aria-labelledby="catalog-title" data-testid="filter-catalog">
      <h3 id="catalog-title" className="catalog__title">
        Add a step
      </h3>
      <div className="catalog__groups">
        {catalog.categories.map((category) => {
          const filters = catalog.filters.filter((f) => f.category === category.id);
          if (filters.length === 0) return null;
          return (
            <div key={category.id} className="catalog__group">
              <h4 id={`cat-${category.id}`} className={`catalog__category catalog__category--${category.id}`}>
                {category.label}
              </h4>
              <div className="catalog__chips">
                {filters.map((f) => (
                  <button
                    key={f.id}
                    type="button"
                    className="catalog__chip"
                    onClick={() => onAdd(f)}
                    disabled={disabled}
                    title={f.description}
                    aria-label={`Add ${f.label}`}
                    data-testid={`add-filter-${f.id}`}
                  >
                    <span aria-hidden="true">+</span> {f.label}
                  </button>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
