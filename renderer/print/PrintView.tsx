import { useTranslation } from 'react-i18next';
import { licenceLine } from '../../common/shop-licence.ts';
import type { DocumentItem, DocumentShop, PrintableDocument, QuoteDocument, StatementDocument } from '../../preload/types.ts';
import { formatTokyo, formatYen } from '../components/format.ts';

/** One A4 document; every text comes from i18n, every value from the document the main process built. */
export function PrintView({ document }: { document: PrintableDocument }) {
  return document.kind === 'statement' ? <StatementView statement={document} /> : <QuoteView quote={document} />;
}

function tokyoDay(isoOrDate: string, language: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? new Date(`${isoOrDate}T00:00:00+09:00`) : new Date(isoOrDate);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' }).format(date);
}

function StatementView({ statement }: { statement: StatementDocument }) {
  const { t, i18n } = useTranslation();
  const title = statement.terms ? t('documents.statement.titleWithConsent') : t('documents.statement.title');
  return (
    <article className="doc" data-document="statement">
      {statement.reprintedAt && (
        <p className="doc-reprint" data-testid="doc-reprint">
          {t('documents.reprint', { at: formatTokyo(statement.reprintedAt) })}
        </p>
      )}
      <header className="doc-head">
        <h1>{title}</h1>
        <dl className="doc-facts">
          <dt>{t('documents.receptionNumber')}</dt>
          <dd>{statement.receptionNumber}</dd>
          <dt>{t('documents.statement.settledAt')}</dt>
          <dd>{formatTokyo(statement.settledAt)}</dd>
          <dt>{t('documents.issuedOn')}</dt>
          <dd>{tokyoDay(statement.issuedAt, i18n.language)}</dd>
        </dl>
      </header>

      <section className="doc-parties">
        <div className="doc-party">
          <h2>{t('documents.statement.seller')}</h2>
          <p className="doc-seller-name">{t('documents.honorific', { name: statement.seller.name })}</p>
          <p>{statement.seller.address}</p>
          {statement.seller.memberNumber && <p>{t('documents.memberNumber', { number: statement.seller.memberNumber })}</p>}
          <p className="doc-invoice">
            {statement.seller.invoice.registered
              ? t('documents.statement.invoiceRegistered', { tNumber: statement.seller.invoice.tNumber })
              : t('documents.statement.invoiceSpecialRule')}
          </p>
        </div>
        <ShopBlock shop={statement.shop} staffName={statement.staffName} />
      </section>

      <ItemsTable items={statement.items} />
      <TotalsBlock document={statement} totalLabel={t('documents.statement.total')} />
      <p className="doc-payment">
        {t('documents.statement.paymentMethod')}: {i18n.language === 'en' ? statement.paymentMethod.en : statement.paymentMethod.ja}
      </p>

      {statement.terms && (
        <section className="doc-terms" data-testid="doc-terms">
          <h2>
            {t('documents.statement.terms', { version: statement.terms.version })} {statement.terms.title}
          </h2>
          <div className="doc-terms-body">{statement.terms.body}</div>
        </section>
      )}

      <section className="doc-consent">
        <p>{statement.terms ? t('documents.statement.consentWithTerms') : t('documents.statement.consent')}</p>
        <div className="doc-signature">
          <span className="doc-signature-label">{t('documents.statement.signature')}</span>
          {statement.signature ? (
            <img src={statement.signature} alt={t('documents.statement.signature')} />
          ) : (
            <span className="doc-signature-blank">
              {statement.signatureUnavailable ? t('documents.statement.signatureUnavailable') : ''}
            </span>
          )}
        </div>
      </section>
    </article>
  );
}

function QuoteView({ quote }: { quote: QuoteDocument }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="doc" data-document="quote">
      <header className="doc-head">
        <h1>{t('documents.quote.title')}</h1>
        <dl className="doc-facts">
          <dt>{t('documents.receptionNumber')}</dt>
          <dd>{quote.receptionNumber}</dd>
          <dt>{t('documents.issuedOn')}</dt>
          <dd>{tokyoDay(quote.issuedAt, i18n.language)}</dd>
          <dt>{t('documents.quote.validUntil')}</dt>
          <dd className="doc-valid-until">{t('documents.quote.validUntilDay', { day: tokyoDay(quote.validUntil, i18n.language) })}</dd>
        </dl>
      </header>
      <p className="doc-not-contract" data-testid="doc-not-contract">
        {t('documents.quote.notContract')}
      </p>
      <section className="doc-parties">
        <div className="doc-party">
          <h2>{t('documents.quote.to')}</h2>
          <p className="doc-seller-name">{t('documents.honorific', { name: quote.sellerName })}</p>
          <p>{t('documents.quote.conditions')}</p>
        </div>
        <ShopBlock shop={quote.shop} staffName={quote.staffName} />
      </section>
      <ItemsTable items={quote.items} />
      <TotalsBlock document={quote} totalLabel={t('documents.quote.total')} />
    </article>
  );
}

function ShopBlock({ shop, staffName }: { shop: DocumentShop; staffName: string }) {
  const { t } = useTranslation();
  return (
    <div className="doc-party doc-shop">
      <h2>{t('documents.shop')}</h2>
      <p className="doc-shop-name">{shop.name}</p>
      <p>
        {shop.postalCode && `〒${shop.postalCode} `}
        {shop.address}
      </p>
      {shop.phone && <p>{t('documents.phone', { phone: shop.phone })}</p>}
      <p>{t('documents.licence', { licence: licenceLine(shop) })}</p>
      {shop.invoiceNumber && <p>{t('documents.shopInvoiceNumber', { number: shop.invoiceNumber })}</p>}
      <p>{t('documents.staff', { name: staffName })}</p>
    </div>
  );
}

function featuresOf(item: DocumentItem): string {
  return [item.maker, item.model, item.serial && `S/N ${item.serial}`, item.colour, item.features].filter(Boolean).join(' / ');
}

/** The items; the head row repeats on every page when the list runs over (print CSS: table-header-group). */
function ItemsTable({ items }: { items: DocumentItem[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="doc-items">
      <colgroup>
        <col className="c-no" />
        <col className="c-type" />
        <col className="c-name" />
        <col className="c-grade" />
        <col className="c-qty" />
        <col className="c-price" />
        <col className="c-amount" />
      </colgroup>
      <thead>
        <tr>
          <th>{t('documents.items.no')}</th>
          <th>{t('documents.items.type')}</th>
          <th>{t('documents.items.nameAndFeatures')}</th>
          <th>{t('item.grade')}</th>
          <th>{t('item.quantity')}</th>
          <th>{t('item.unitPrice')}</th>
          <th>{t('item.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          <tr key={item.position}>
            <td className="num">{index + 1}</td>
            <td>{i18n.language === 'en' ? item.categoryEn : item.categoryJa}</td>
            <td className="doc-item-name">
              <span>{item.name}</span>
              {featuresOf(item) && <span className="doc-item-features">{featuresOf(item)}</span>}
            </td>
            <td className="center">{item.grade}</td>
            <td className="num">{item.quantity}</td>
            <td className="num">{formatYen(item.unitPrice)}</td>
            <td className="num">{formatYen(item.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TotalsBlock({ document, totalLabel }: { document: StatementDocument | QuoteDocument; totalLabel: string }) {
  const { t } = useTranslation();
  return (
    <table className="doc-totals">
      <tbody>
        <tr>
          <th>{t('documents.itemsTotal', { count: document.items.length })}</th>
          <td className="num">{formatYen(document.itemsTotal)}</td>
        </tr>
        {document.adjustmentAmount !== 0 && (
          <tr>
            <th>
              {t('totals.adjustment')}
              {document.adjustmentReason && `（${document.adjustmentReason}）`}
            </th>
            <td className="num">{formatYen(document.adjustmentAmount)}</td>
          </tr>
        )}
        <tr className="doc-total">
          <th>{totalLabel}</th>
          <td className="num" data-testid="doc-total">
            {formatYen(document.totalAmount)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
